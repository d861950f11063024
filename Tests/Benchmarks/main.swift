// Benchmarks: see Makefile `make bench`.
print("no benchmarks yet")
