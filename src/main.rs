//! The `arenas` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    arenas::cli::main()
}
