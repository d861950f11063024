import Foundation

/// The `provider-anomaly` check run with each KPI snapshot: every provider with completions in
/// the window is compared with the field network of the same window (`ProviderAnomaly`);
/// an anomalous one is raised, the others resolved, and a provider with an open alert but
/// no completion left in the window is resolved too. Pure.
public enum ProviderAnomalyCheck {
    /// The alert intents for `facts` (the window's completed tickets), given the subjects
    /// (provider ids) of the `provider-anomaly` alerts open now. Providers in id order.
    public static func intents(facts: [ScorecardFact], openProviders: Set<String>,
                               settings: ProviderAnomalySettings) -> [AlertIntent] {
        let network = ProviderScorecard.fieldNetwork(facts)
        let providers = ProviderScorecard.byProvider(facts)
        var intents: [AlertIntent] = []
        for (providerId, card) in providers.sorted(by: { $0.key < $1.key }) {
            if let draft = ProviderAnomaly.alert(providerId: providerId, provider: card, network: network, settings: settings) {
                intents.append(.raise(draft, origin: 0))
            } else if openProviders.contains(providerId) {
                intents.append(.resolve(ProviderAnomaly.rule, providerId, message: "provider \(providerId): back in line with the network",
                                        origin: 0))
            }
        }
        for providerId in openProviders.subtracting(providers.keys).sorted() {
            intents.append(.resolve(ProviderAnomaly.rule, providerId, message: "provider \(providerId): no completion left in the window",
                                    origin: 0))
        }
        return intents
    }
}
