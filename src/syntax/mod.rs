//! Rule-file syntax: the tokens, the descent parser and pest's grammar (which it declines to and
//! is held to), the syntax tree and the parse errors.

pub mod ast;
mod build;
mod depth;
mod descent;
mod expected;
pub mod keywords;
pub mod lex;
pub mod parse;
mod recover;
mod slips;

pub use depth::on_deep_stack;
pub(crate) use depth::DEEP_STACK;
pub(crate) use slips::{chinese_amount, in_wan};
