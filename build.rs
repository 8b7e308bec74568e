//! Sets `cube_runtime` when any CubeCL runtime feature is on, so the code names that set once.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(cube_runtime)");
    let cube = ["WGPU", "CUDA", "METAL", "VULKAN"]
        .iter()
        .any(|feature| std::env::var_os(format!("CARGO_FEATURE_{feature}")).is_some());
    if cube {
        println!("cargo::rustc-cfg=cube_runtime");
    }
}
