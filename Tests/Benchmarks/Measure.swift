import Foundation

/// Times `body` over `iterations` calls after a warm-up and prints operations per second
/// and the mean cost of one call.
func measure(_ name: String, iterations: Int, _ body: () -> Void) {
    for _ in 0..<min(iterations, 1_000) { body() }
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<iterations { body() }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let perCall = seconds / Double(iterations) * 1e6
    let label = name.padding(toLength: 44, withPad: " ", startingAt: 0)
    print("  \(label)" + String(format: "%12.0f ops/s  %10.2f µs/op", Double(iterations) / seconds, perCall))
}

/// Resident set size of this process in MiB (from /proc), for memory figures.
func residentMegabytes() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}
