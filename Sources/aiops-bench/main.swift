// Benchmarks (release mode): `swift run -c release aiops-bench <name>`; filled in by the issues.
print("aiops-bench: no benchmark yet")
