//! The whole explanation of one record of a data file, as `ladder explain` and the workbench show it.

use crate::eval::{Ctx, Frame};
use crate::run::{self, Cells, Layout};
use crate::t;
use crate::value::Value;

/// The record at `index` (0 for the first after the header) explained in `lang`: its row, the
/// value of every field, then why it got each level and move. `false` when a cell could not be
/// read: the text then lists the data errors instead of an explanation.
pub fn record_text<'a>(
    ctx: &Ctx<'a>,
    layout: &Layout,
    record: impl Cells<'a>,
    index: usize,
    lang: crate::diag::Lang,
) -> (String, bool) {
    let program = ctx.program;
    let mut frame = Frame::new(program);
    let errors = run::load(program, layout, record, index, &mut frame);
    let row = layout.place.as_ref().map_or(index + 2, |p| p.row(index));
    let mut out = format!("{}\n", t!(lang, "explain.record", row, today = ctx.today));
    for (i, f) in program.fields.iter().enumerate() {
        let shown = match frame.fields[i] {
            Value::Missing => t!(lang, "missing"),
            v => super::show_field(program, i, v),
        };
        out.push_str(&format!("  {} = {shown}\n", f.name));
    }
    out.push('\n');
    if !errors.is_empty() {
        for e in &errors.problems {
            out.push_str(&format!("{}\n", t!(lang, "data-error", message = e.text(lang))));
        }
        return (out, false);
    }
    out.push_str(&super::explain_record(ctx, &mut frame, lang));
    (out, true)
}
