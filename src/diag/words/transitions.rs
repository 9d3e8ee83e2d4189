//! The words of choosing a transition set (`--transitions`).

use super::{did_you_mean, list, then};
use crate::diag::Lang;
use crate::t;
use crate::transitions::NoSet;

/// Why no transition set could be chosen.
pub fn no_set(lang: Lang, p: &NoSet) -> String {
    let v = lang.into();
    match p {
        NoSet::NoTransitions => t!(lang, "transitions.none"),
        NoSet::Unknown { name, suggestion, names } => {
            let sets = t!(lang, "transitions.sets", names = list(v, names));
            then(v, t!(lang, "transitions.unknown", name), then(v, did_you_mean(v, suggestion.as_deref()), sets))
        }
        NoSet::Unnamed { names } => {
            then(v, t!(lang, "transitions.unnamed"), t!(lang, "transitions.sets", names = list(v, names)))
        }
    }
}
