import Foundation
import Postgres
import ServiceRuntime
import SurveysService

// `surveys` runs the service; `surveys report --by technician|provider|region|category|model`
// prints the satisfaction figures from the service's database.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "report" {
    let by = arguments.count == 3 && arguments[1] == "--by" ? arguments[2] : (arguments.count == 1 ? "technician" : "")
    guard let dimension = SurveyReport.Dimension(rawValue: by) else {
        FileHandle.standardError.write(Data("surveys: usage: surveys report [--by technician|provider|region|category|model]\n".utf8))
        exit(2)
    }
    do {
        let config = try ServiceConfig.fromEnvironment(service: "surveys")
        let db = try PGConnection(url: config.databaseURL)
        defer { db.close() }
        print(SurveyReport.render(try SurveyReport.aggregates(by: dimension, on: db), dimension: dimension))
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("surveys: \(error)\n".utf8))
        exit(1)
    }
} else if !arguments.isEmpty {
    FileHandle.standardError.write(Data("surveys: unknown command '\(arguments[0])'; run without arguments, or 'surveys report --by technician'\n".utf8))
    exit(2)
}
await ServiceMain.run(service: "surveys", migrations: SurveysMigrations.all) { config in
    try SurveysHandler(config: config)
}
