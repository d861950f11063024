import Foundation

extension WorkCompleted {
    /// What the technician app attaches to a completion (DESIGN.md "Authorised service
    /// network"): a visit is settleable when it has the customer's signature and, when parts
    /// were used, the old and new part serials.
    ///
    /// Decoding is lenient inside `evidence`: a missing list reads as empty and a missing
    /// signature as none, so incomplete evidence holds the visit back (`evidence-missing`)
    /// instead of rejecting the completion.
    public struct Evidence: Codable, Sendable, Hashable {
        /// Photo URIs (at most 100).
        public var photos: [String]
        /// Serials of the parts taken out (at most 100).
        public var oldPartSerials: [String]
        /// Serials of the parts put in (at most 100).
        public var newPartSerials: [String]
        /// The customer's sign-off.
        public var signature: Signature?

        public init(photos: [String] = [], oldPartSerials: [String] = [], newPartSerials: [String] = [],
                    signature: Signature? = nil) {
            self.photos = photos
            self.oldPartSerials = oldPartSerials
            self.newPartSerials = newPartSerials
            self.signature = signature
        }

        /// True when the signature is there and, if parts were used, old and new serials too.
        public func isSettleable(partsUsed: [PartLine]) -> Bool {
            guard signature != nil else { return false }
            return partsUsed.isEmpty || (!oldPartSerials.isEmpty && !newPartSerials.isEmpty)
        }

        private enum CodingKeys: String, CodingKey { case photos, oldPartSerials, newPartSerials, signature }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            photos = try container.decodeIfPresent([String].self, forKey: .photos) ?? []
            oldPartSerials = try container.decodeIfPresent([String].self, forKey: .oldPartSerials) ?? []
            newPartSerials = try container.decodeIfPresent([String].self, forKey: .newPartSerials) ?? []
            signature = try container.decodeIfPresent(Signature.self, forKey: .signature)
        }

        func check(_ checks: inout FieldChecks, _ field: String) {
            checks.labels(photos, "\(field).photos", maximum: SchemaLimits.maxURILength)
            checks.labels(oldPartSerials, "\(field).oldPartSerials")
            checks.labels(newPartSerials, "\(field).newPartSerials")
            if let signature {
                checks.name(signature.signedBy, "\(field).signature.signedBy")
                if let uri = signature.uri { checks.maxLength(uri, SchemaLimits.maxURILength, "\(field).signature.uri") }
            }
        }
    }

    /// Who signed, when, and where the signature image is.
    public struct Signature: Codable, Sendable, Hashable {
        public var signedBy: String
        public var signedAt: Date
        public var uri: String?

        public init(signedBy: String, signedAt: Date, uri: String? = nil) {
            self.signedBy = signedBy
            self.signedAt = signedAt
            self.uri = uri
        }
    }
}
