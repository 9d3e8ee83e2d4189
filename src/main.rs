fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let (ast, errs) = ladder::syntax::parse::parse_file(0, &text);
    println!("{} items", ast.items.len());
    for e in errs { println!("{:?}", e); }
}
