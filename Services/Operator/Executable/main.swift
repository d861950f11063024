import Foundation
import OperatorTool

// The `aftersales` operator and integration tool; see `aftersales help`.
let stop = StopFlag()
stop.installSignalHandlers()
exit(OperatorTool.main(arguments: Array(CommandLine.arguments.dropFirst()), stop: stop))
