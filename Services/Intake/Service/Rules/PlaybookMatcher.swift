import Schema

/// Which playbook, if any, a new ticket's remote guidance comes from (DESIGN.md,
/// Remote-first resolution), first rule that applies:
/// 1. a safety hazard, or priority `emergency` → none: emergencies never wait;
/// 2. the library's playbook for the product category and fault class, if it lists the
///    ticket's priority (by default every priority but `emergency`);
/// 3. otherwise none.
///
/// The steps are given in the language of the request (`GuidanceLanguageRule`). Pure.
public enum PlaybookMatcher {
    /// The playbook that applies, if any.
    public static func match(_ library: PlaybookLibrary, category: ProductCategory, faultClass: FaultCategory,
                             safetyHazard: Bool, priority: Priority) -> Playbook? {
        guard !safetyHazard, priority != .emergency,
              let playbook = library.playbook(category: category, faultClass: faultClass),
              playbook.priorities.contains(priority) else { return nil }
        return playbook
    }

    /// `remoteGuidance` for `ticket.opened`: the matching playbook's versioned id and its steps
    /// in the language of `description`; nil when no playbook applies.
    public static func guidance(_ library: PlaybookLibrary, category: ProductCategory, faultClass: FaultCategory,
                                safetyHazard: Bool, priority: Priority,
                                description: String) -> TicketOpened.RemoteGuidance? {
        guard let playbook = match(library, category: category, faultClass: faultClass, safetyHazard: safetyHazard,
                                   priority: priority) else { return nil }
        return TicketOpened.RemoteGuidance(playbookId: playbook.versionedId,
                                           steps: playbook.steps(in: GuidanceLanguageRule.language(of: description)))
    }
}
