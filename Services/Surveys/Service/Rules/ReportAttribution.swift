import Foundation

/// Which group of the report a survey or audit belongs to (pure).
///
/// Provider: the technician's provider at completion; when the roster had not yet told
/// surveys about the technician then, the provider it knows now; `own-staff` for the
/// brand's own technicians (no provider); `remote` for a remote resolution (no technician);
/// `unknown` when the roster never mentioned the technician. Technician: the id, `remote`,
/// or `unknown`. Region, category, model: the ticket's, or `unknown`.
public enum ReportAttribution {
    /// What a survey or audit row knows for the report.
    public struct Facts: Equatable, Sendable {
        public var work: WorkAttribution
        /// What the roster knows of the technician now (nil: never heard of them).
        public var rosterNow: TechnicianRow?
        public var region: String?
        public var category: String?
        public var model: String?

        public init(work: WorkAttribution, rosterNow: TechnicianRow?, region: String?, category: String?, model: String?) {
            self.work = work
            self.rosterNow = rosterNow
            self.region = region
            self.category = category
            self.model = model
        }
    }

    public static let ownStaff = "own-staff", remote = "remote", unknown = "unknown"

    /// The row's key under `dimension`.
    public static func key(_ dimension: SurveyReport.Dimension, _ facts: Facts) -> String {
        switch dimension {
        case .technician: facts.work.technicianId ?? noTechnician(facts.work)
        case .provider: provider(facts)
        case .region: facts.region ?? unknown
        case .category: facts.category ?? unknown
        case .model: facts.model ?? unknown
        }
    }

    private static func provider(_ facts: Facts) -> String {
        guard facts.work.technicianId != nil else { return noTechnician(facts.work) }
        if facts.work.rosterKnown { return facts.work.providerId ?? ownStaff }
        guard let now = facts.rosterNow else { return unknown }
        return now.providerId ?? ownStaff
    }

    private static func noTechnician(_ work: WorkAttribution) -> String {
        work.resolvedRemotely ? remote : unknown
    }
}
