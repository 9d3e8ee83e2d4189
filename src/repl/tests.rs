//! Unit tests of the session: commands through `Session::handle`.
