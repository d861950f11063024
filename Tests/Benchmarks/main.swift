// `make bench`: prints throughput and latency numbers. Never asserts on time.
//
// Pipeline benchmarks run the real runtime against the local PostgreSQL and broker
// (`make bench` starts them); rule benchmarks time pure functions in-process.
import Foundation

var arguments = Set(CommandLine.arguments.dropFirst())
let runAll = arguments.isEmpty || arguments == ["all"]
print("AfterSales benchmarks — \(ProcessInfo.processInfo.activeProcessorCount) cores, \(Date())")

if runAll || arguments.contains("rules") {
    RuleBenchmarks.run()
}
if runAll || arguments.contains("pipeline") {
    await PipelineBenchmarks.run()
}
if runAll || arguments.contains("dispatch-scale") {
    DispatchScaleBenchmark.run()
}
if arguments.contains("e2e") {
    await EndToEndBenchmark.run(Array(CommandLine.arguments.dropFirst()))
}
