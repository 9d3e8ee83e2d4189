//! Random conditions for the property tests of the analysis and of `ladder test --suggest`.

use proptest::prelude::*;

/// Conditions built of `leaf` tests with `not`, `and`, `or` and `at least N of` (one member too),
/// at most three deep and about `size` tests in all.
pub fn conditions(leaf: impl Strategy<Value = String> + 'static, size: u32) -> impl Strategy<Value = String> {
    leaf.prop_recursive(3, size, 3, |inner| {
        prop_oneof![
            inner.clone().prop_map(|c| format!("not ({c})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} and {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} or {b})")),
            (1..3u32, prop::collection::vec(inner, 1..4)).prop_map(|(k, parts)| {
                format!("at least {} of {{ {} }}", k.min(parts.len() as u32), parts.join(", "))
            }),
        ]
    })
}
