//! Names of list items: the writer and the XSD generator must agree on them.

/// The element name of one item of the list held in the field `list`
/// (`parties` → `party`, `article6` → `chosen`).
pub fn item_name(list: &str) -> &'static str {
    match list {
        "parties" | "providing" | "receiving" => "party",
        "article6" | "article9" | "schedule1_part1" | "schedule1_part2" | "schedule1_part3"
        | "schedule8" => "chosen",
        "purposes" => "purpose",
        "responsibilities" => "responsibility",
        "local_partners" => "local_partner",
        "individuals" | "society" => "benefit",
        "legislation" => "legislation_entry",
        "data_subject_rights" => "right_handling",
        "types" | "other_types" => "type",
        "part2" | "part3" => "category",
        "personal_data" | "special_category_data" => "data_item",
        "datasets" => "dataset",
        "retention" => "retention_row",
        "end_of_sharing" => "end_of_sharing_row",
        "rows" => "row",
        "duties" => "duty",
        "signatories" => "signatory",
        "mps_scenarios" => "scenario",
        "data_flows" => "data_flow",
        "transfers" => "transfer",
        "data" => "subject_data",
        "provenance" => "provenance_entry",
        "sources" => "source_file",
        "unmapped" => "unmapped_content",
        "heading_path" => "heading",
        "extra_attributes" => "attribute",
        "corrections" => "correction",
        "competent_authorities" => "competent_authority",
        "overrides" => "override",
        "specified_authorities" | "relevant_authorities" => "authority",
        _ => "item",
    }
}
