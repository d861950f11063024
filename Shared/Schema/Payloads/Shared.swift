/// A survey's three scores, 1 (bad) … 5 (excellent).
public struct SurveyScores: Codable, Sendable, Hashable {
    public var attitude: Int
    public var efficiency: Int
    public var quality: Int

    public init(attitude: Int, efficiency: Int, quality: Int) {
        self.attitude = attitude
        self.efficiency = efficiency
        self.quality = quality
    }

    /// The mean of the three scores.
    public var average: Double { Double(attitude + efficiency + quality) / 3 }

    /// The lowest of the three scores.
    public var minimum: Int { min(attitude, efficiency, quality) }

    func check(_ checks: inout FieldChecks, _ field: String) {
        checks.within(attitude, SchemaLimits.score, "\(field).attitude")
        checks.within(efficiency, SchemaLimits.score, "\(field).efficiency")
        checks.within(quality, SchemaLimits.score, "\(field).quality")
    }
}

extension DiagnosisReported {
    /// The price to the customer for an out-of-warranty repair.
    public struct Quote: Codable, Sendable, Hashable {
        public var labour: Double
        public var parts: Double
        public var currency: String

        public init(labour: Double, parts: Double, currency: String) {
            self.labour = labour
            self.parts = parts
            self.currency = currency
        }

        /// Labour plus parts.
        public var total: Double { labour + parts }
    }
}
