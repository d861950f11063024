import Schema

/// Precision and recall of a classifier over a labelled test set: per fault class, for
/// the safety-hazard flag, and overall accuracy, with a printable table.
struct ClassificationReport {
    /// Counts of one class (or of the hazard flag).
    struct Counts: Equatable {
        /// Predicted this class and labelled this class.
        var truePositives = 0
        /// Predicted this class, labelled another.
        var falsePositives = 0
        /// Labelled this class, predicted another.
        var falseNegatives = 0

        /// How many descriptions carry this label.
        var support: Int { truePositives + falseNegatives }
        /// Of the predictions of this class, the share that was right (1 when never predicted).
        var precision: Double {
            truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives)
        }
        /// Of the descriptions labelled this class, the share found (1 when there are none).
        var recall: Double { support == 0 ? 1 : Double(truePositives) / Double(support) }
    }

    private(set) var classes: [FaultCategory: Counts] = [:]
    private(set) var hazard = Counts()
    private(set) var total = 0
    private(set) var correctClass = 0
    /// Class and hazard both right.
    private(set) var correctBoth = 0

    /// Records one prediction against its label.
    mutating func add(expected: FaultCategory, expectedHazard: Bool, predicted: FaultCategory, predictedHazard: Bool) {
        total += 1
        if expected == predicted {
            classes[expected, default: Counts()].truePositives += 1
            correctClass += 1
        } else {
            classes[expected, default: Counts()].falseNegatives += 1
            classes[predicted, default: Counts()].falsePositives += 1
        }
        switch (expectedHazard, predictedHazard) {
        case (true, true): hazard.truePositives += 1
        case (false, true): hazard.falsePositives += 1
        case (true, false): hazard.falseNegatives += 1
        case (false, false): break
        }
        if expected == predicted && expectedHazard == predictedHazard { correctBoth += 1 }
    }

    /// The counts of one class (zero when it never occurred).
    func counts(_ category: FaultCategory) -> Counts { classes[category] ?? Counts() }

    /// Share of descriptions whose class is right.
    var accuracy: Double { total == 0 ? 1 : Double(correctClass) / Double(total) }
    /// Share of descriptions whose class and hazard flag are both right.
    var exactAccuracy: Double { total == 0 ? 1 : Double(correctBoth) / Double(total) }

    /// A Markdown table: class, support, precision, recall, then the hazard row and the accuracy.
    var table: String {
        func row(_ name: String, _ counts: Counts) -> String {
            "| \(name) | \(counts.support) | \(counts.truePositives) | \(counts.falsePositives) | \(counts.falseNegatives) | "
                + "\(format(counts.precision)) | \(format(counts.recall)) |"
        }
        var lines = ["| class | support | TP | FP | FN | precision | recall |", "|---|---:|---:|---:|---:|---:|---:|"]
        for category in FaultCategory.allCases { lines.append(row(category.rawValue, counts(category))) }
        lines.append(row("safety hazard (flag)", hazard))
        lines.append("")
        lines.append("\(total) descriptions: class accuracy \(format(accuracy)) (\(correctClass)/\(total)), "
            + "class and hazard both right \(format(exactAccuracy)) (\(correctBoth)/\(total))")
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double) -> String {
        let thousandths = Int((value * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
