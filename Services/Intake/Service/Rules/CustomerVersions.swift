/// Which customer details of a batch may add a version: each customer's details in batch
/// order, without those equal to the same customer's previous details in the batch. The
/// first details of each customer are still compared with the stored version (by the store).
enum CustomerVersions {
    /// One candidate version.
    struct Candidate: Equatable {
        var customer: ValidatedRequest.Customer
        /// The customer's first details in the batch (to be compared with the stored latest).
        var isFirstInBatch: Bool
    }

    static func changes(_ customers: [ValidatedRequest.Customer]) -> [Candidate] {
        var previous: [String: ValidatedRequest.Customer] = [:]
        var candidates: [Candidate] = []
        for customer in customers {
            let before = previous[customer.id]
            previous[customer.id] = customer
            if let before, before.sameDetails(as: customer) { continue }
            candidates.append(Candidate(customer: customer, isFirstInBatch: before == nil))
        }
        return candidates
    }
}

extension ValidatedRequest.Customer {
    /// Same name, phone, address, region and location (what a version stores).
    func sameDetails(as other: ValidatedRequest.Customer) -> Bool {
        name == other.name && phone.normalized == other.phone.normalized && address == other.address
            && region == other.region && location == other.location
    }
}
