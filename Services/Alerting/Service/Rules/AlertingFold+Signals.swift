import Foundation

// MARK: Stock, surveys and complaints

extension AlertingFold {
    /// `stock.low`: a warning per part and warehouse; every new warning restarts the quiet
    /// period after which the alert resolves (inventory publishes no recovery event).
    mutating func stockLow(_ partNumber: String, _ warehouseId: String, _ available: Int, _ reorderPoint: Int,
                           _ origin: Int) -> InputOutcome {
        let draft = rules.stockLow(partNumber: partNumber, warehouseId: warehouseId, available: available, reorderPoint: reorderPoint)
        raise(draft, origin)
        schedule(.stockLowQuiet, draft.subject, at: now.addingTimeInterval(stockLowQuietSeconds), origin)
        return .applied
    }

    /// The quiet period ended without a new warning: the stock-low alert resolves.
    mutating func stockQuietOver(_ subject: String, _ origin: Int) -> InputOutcome {
        resolve(AlertRuleName.stockLow, subject, "no new low-stock warning for \(subject) within the quiet period", origin)
        return .applied
    }

    /// `survey.completed`: a survey fact credited to the ticket's technician, whose rolling
    /// CSAT then raises or resolves the technician-csat alert. A survey id seen before does nothing.
    mutating func surveyCompleted(_ survey: SurveyFact, _ origin: Int) -> InputOutcome {
        guard state.knownSurveyIds.insert(survey.surveyId).inserted else { return .ignored }
        var fact = survey
        fact.technicianId = state.tickets[survey.ticketId]?.technicianId
        newSurveys.append(fact)
        guard let technician = fact.technicianId else { return .applied }
        var history = state.surveysByTechnician[technician, default: []]
        history.append(SurveyPoint(surveyId: fact.surveyId, satisfied: fact.satisfied, completedAt: fact.completedAt))
        history.sort { ($0.completedAt, $0.surveyId) < ($1.completedAt, $1.surveyId) }
        history = Array(history.suffix(max(1, rules.csatSurveys)))
        state.surveysByTechnician[technician] = history
        let satisfied = history.map(\.satisfied)
        if let alert = rules.technicianCSAT(technicianId: technician, satisfied: satisfied) {
            raise(alert, origin)
        } else if let csat = rules.rollingCSAT(satisfied) {
            resolve(AlertRuleName.technicianCSAT, technician,
                    "technician \(technician): CSAT back to \(Int((csat * 100).rounded())) %", origin)
        }
        return .applied
    }

    /// `complaint.opened`: a complaint fact, then the spike rule. A complaint id seen before does nothing.
    mutating func complaintOpened(_ complaint: ComplaintFact, _ origin: Int) -> InputOutcome {
        guard state.complaints[complaint.complaintId] == nil else { return .ignored }
        state.complaints[complaint.complaintId] = complaint.openedAt
        newComplaints.append(complaint)
        checkComplaintSpike(at: max(complaint.openedAt, now), origin)
        return .applied
    }

    /// Raises the spike alert while above the threshold (re-checking when the oldest complaint
    /// leaves the window), resolves it once back at or under the threshold.
    mutating func checkComplaintSpike(at moment: Date, _ origin: Int) {
        let since = moment.addingTimeInterval(-rules.complaintWindow)
        let times = state.complaints.values.filter { $0 > since && $0 <= moment }
        if let spike = rules.complaintSpike(complaintTimes: times, now: moment) {
            raise(spike, origin)
            let oldest = times.min() ?? moment
            schedule(.complaintRecheck, TimerKind.complaintKey,
                     at: max(oldest.addingTimeInterval(rules.complaintWindow + 1), now.addingTimeInterval(1)), origin)
        } else {
            resolve(AlertRuleName.complaintSpike, TimerKind.complaintKey,
                    "complaints back at or under \(rules.complaintSpikeThreshold) per window", origin)
        }
    }
}
