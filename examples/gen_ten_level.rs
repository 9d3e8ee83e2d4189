//! `cargo run --release --example gen_ten_level -- ROWS [SEED] > customers.csv`: a deterministic
//! ten-level customer file for benchmarks and trying Ladder on volume.

#[path = "../benches/gen_ten_level.rs"]
mod gen;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let rows = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(42);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    gen::generate(rows, seed, &mut out)
}
