fn main() {
    let path = std::env::args().nth(1).unwrap();
    let t = std::time::Instant::now();
    let r = sourceline::load::load_file(std::path::Path::new(&path));
    eprintln!("load {:?} ok={}", t.elapsed(), r.is_ok());
}
