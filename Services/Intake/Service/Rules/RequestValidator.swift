import Schema

/// Validates a `request.submitted` payload field by field, straight from its JSON, so that
/// every failing field is reported at once (a typed decoder would stop at the first).
///
/// Reasons use the codes of `RejectionCode`; their messages never quote the value (it may
/// be PII), only what was expected.
public struct RequestValidator: Sendable {
    /// Limits; every number is configuration (see `IntakeSettings`).
    public struct Limits: Sendable, Equatable {
        public var maxMessageBytes: Int
        public var maxDescriptionCharacters: Int
        public var maxPurchaseAgeYears: Int
        public var maxIdentifierLength: Int
        public var maxNameLength: Int
        public var maxAddressLength: Int

        public init(maxMessageBytes: Int = 65_536, maxDescriptionCharacters: Int = 2_000, maxPurchaseAgeYears: Int = 30,
                    maxIdentifierLength: Int = 64, maxNameLength: Int = 100, maxAddressLength: Int = 500) {
            self.maxMessageBytes = maxMessageBytes
            self.maxDescriptionCharacters = maxDescriptionCharacters
            self.maxPurchaseAgeYears = maxPurchaseAgeYears
            self.maxIdentifierLength = maxIdentifierLength
            self.maxNameLength = maxNameLength
            self.maxAddressLength = maxAddressLength
        }
    }

    public var limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The request id of a payload when it can key the dedupe row and a rejection: a string,
    /// not blank, at most 200 characters, no control characters (whether it is a well-formed
    /// identifier is checked by `validate`, which reports it as a field error).
    public static func requestId(in data: JSONValue) -> String? {
        StorableKey.usable(data["requestId"]?.stringValue)
    }

    /// Validates `data` (the envelope's data) of a message of `messageBytes` bytes, on
    /// business day `today`.
    public func validate(_ data: JSONValue, messageBytes: Int, today: CalendarDay) -> Result<ValidatedRequest, ValidationErrors> {
        var reader = FieldReader()
        if messageBytes > limits.maxMessageBytes {
            reader.fail("message", .tooLong, "the message is \(messageBytes) bytes; at most \(limits.maxMessageBytes) are accepted")
        }
        guard data.objectValue != nil else {
            reader.fail("data", .invalidFormat, "the request data must be a JSON object")
            return .failure(ValidationErrors(errors: reader.errors))
        }
        let requestId = reader.identifier(data, "requestId", maxLength: limits.maxIdentifierLength)
        let channel: Channel? = reader.vocabulary(data, "channel")
        let kind: RequestKind? = reader.vocabulary(data, "kind")

        // Customer
        let customerValue = reader.object(data, "customer")
        var customer: ValidatedRequest.Customer?
        if let customerValue {
            let id = reader.identifier(customerValue, "customer.id", key: "id", maxLength: limits.maxIdentifierLength)
            let name = reader.text(customerValue, "customer.name", key: "name", maxLength: limits.maxNameLength)
            let phoneText = reader.text(customerValue, "customer.phone", key: "phone", maxLength: 32)
            var phone: PhoneNumber?
            if let phoneText {
                phone = PhoneValidator.validate(phoneText)
                if phone == nil {
                    reader.fail("customer.phone", .invalidFormat,
                                "must be a mainland mobile (1[3-9] + 9 digits, optional +86), a landline with area code (0AA-NNNNNNNN) or an international number (+country code, 8–15 digits)")
                }
            }
            let address = reader.text(customerValue, "customer.address", key: "address", maxLength: limits.maxAddressLength)
            let region = reader.identifier(customerValue, "customer.region", key: "region", maxLength: limits.maxIdentifierLength)
            let location = reader.location(customerValue, "customer.location", key: "location")
            if let id, let name, let phone, let address, let region, let location {
                customer = .init(id: id, name: name, phone: phone, address: address, region: region, location: location)
            }
        }

        // Product
        let productValue = reader.object(data, "product")
        var product: ValidatedRequest.Product?
        if let productValue {
            let sku = reader.identifier(productValue, "product.sku", key: "sku", maxLength: limits.maxIdentifierLength)
            let category: ProductCategory? = reader.vocabulary(productValue, "product.category", key: "category")
            let model = reader.text(productValue, "product.model", key: "model", maxLength: limits.maxIdentifierLength)
            let serial = reader.optionalText(productValue, "product.serialNumber", key: "serialNumber",
                                             maxLength: limits.maxIdentifierLength)
            let purchase = reader.purchaseDate(productValue, "product.purchaseDate", key: "purchaseDate", today: today,
                                               maxAgeYears: limits.maxPurchaseAgeYears)
            if let sku, let category, let model, let purchase {
                product = .init(sku: sku, category: category, model: model, serialNumber: serial, purchaseDate: purchase)
            }
        }

        let description = reader.description(data, maxCharacters: limits.maxDescriptionCharacters)
        let preferredTime = reader.optionalText(data, "preferredTime", key: "preferredTime", maxLength: 200)

        guard reader.errors.isEmpty, let requestId, let channel, let kind, let customer, let product, let description else {
            return .failure(ValidationErrors(errors: reader.errors))
        }
        return .success(ValidatedRequest(requestId: requestId, channel: channel, kind: kind, customer: customer,
                                         product: product, description: description, preferredTime: preferredTime))
    }

    /// Validates a `request.cancelled` payload: `requestId` and a `reason` of 1–500 characters.
    public func validateCancellation(_ data: JSONValue) -> Result<(requestId: String, reason: String), ValidationErrors> {
        var reader = FieldReader()
        guard data.objectValue != nil else {
            reader.fail("data", .invalidFormat, "the cancellation data must be a JSON object")
            return .failure(ValidationErrors(errors: reader.errors))
        }
        let requestId = reader.identifier(data, "requestId", maxLength: limits.maxIdentifierLength)
        let reason = reader.text(data, "reason", key: "reason", maxLength: 500)
        guard reader.errors.isEmpty, let requestId, let reason else { return .failure(ValidationErrors(errors: reader.errors)) }
        return .success((requestId, reason))
    }
}

/// The field errors of a failed validation, in field order.
public struct ValidationErrors: Error, Sendable, Equatable {
    public var errors: [FieldError]

    public init(errors: [FieldError]) {
        self.errors = errors
    }

    /// The failing field names (for tests and counts).
    public var fields: [String] { errors.map(\.field) }
}
