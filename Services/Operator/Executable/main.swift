import Dispatch
import Foundation
import OperatorTool

// The `aftersales` operator and integration tool; see `aftersales help`.
let stop = StopFlag()
signal(SIGINT, SIG_IGN)
signal(SIGTERM, SIG_IGN)
let sources = [SIGINT, SIGTERM].map { number -> DispatchSourceSignal in
    let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
    source.setEventHandler {
        if stop.isSet { exit(130) }
        stop.set()
    }
    source.resume()
    return source
}
let code = OperatorTool.main(arguments: Array(CommandLine.arguments.dropFirst()), stop: stop)
_ = sources
exit(code)
