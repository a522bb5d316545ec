#!/usr/bin/env python3
"""Generates the legacy-DSA .docx samples with real writers, and the facts each
sample is known to contain (samples/docx/expected/<name>.facts.json).

Writers: python-docx, pandoc (from Markdown), LibreOffice headless (round trips
through .odt), and hand-written WordprocessingML (what Word writes: tracked
changes, checkbox content controls, legacy form fields, symbols, fields,
AlternateContent). Run: python3 samples/docx/generate.py  (needs python-docx,
pandoc, soffice). Output is deterministic for python-docx and the XML writer;
pandoc and LibreOffice embed their own metadata.

The template-based samples are built from samples/template/pan-london-dsa-template.txt,
so headings, boilerplate and option rows carry the template's exact wording.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TEMPLATE = os.path.join(ROOT, "samples", "template", "pan-london-dsa-template.txt")
EXPECTED = os.path.join(HERE, "expected")

# ---------------------------------------------------------------- template model
# Elements: ("h", level, text) ("p", text) ("b", text) ("table", key, rows)
# A row is a list of cells; a cell is a string (may contain "\n").

HEADING = re.compile(r"^\s*(\d+(?:\.\d+)*\.?)\s+(?:\[bookmark: [^\]]*\])?(.*)$")
BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")


def read_template():
    with open(TEMPLATE, encoding="utf-8") as f:
        lines = f.read().split("\n")
    out = []
    i = 0
    region = None
    while i < len(lines):
        line = lines[i]
        raw = BOOKMARK.sub("", line)
        if line.startswith("\t"):
            if region is None:
                region = []
                out.append(("region", region))
            region.append(raw)
            i += 1
            continue
        stripped = raw.strip()
        sticky = region is not None and region and region[0].strip().startswith(("Individual right", "Organisation name", "Legislation"))
        if sticky and not (HEADING.match(raw) and "Appendix" in raw) and not stripped.startswith("5.4") and "[bookmark" not in line:
            region.append(raw)
            i += 1
            continue
        if region is not None and (stripped == "" or stripped.startswith("·") or stripped.startswith("(")):
            region.append(raw)
            i += 1
            continue
        region = None
        if not stripped:
            i += 1
            continue
        if stripped.startswith("5.4 – Appendix D"):
            out.append(("h", 2, stripped))
        elif stripped.startswith("Pan-London DSA"):
            pass  # running footer text of the original
        else:
            m = HEADING.match(raw)
            if m and len(stripped) < 140 and not stripped.endswith(".") or (m and m.group(2).strip().startswith("Appendix")):
                num = m.group(1).rstrip(".")
                level = min(num.count(".") + 1, 3)
                out.append(("h", level, (m.group(1) + " " + m.group(2)).strip()))
            elif stripped.startswith("·"):
                out.append(("b", stripped.lstrip("· ").strip()))
            else:
                out.append(("p", stripped))
        i += 1
    return out


def option_rows(region_lines, header_marker):
    """Labels of the option table whose header cell contains header_marker."""
    cells = [l.strip() for l in region_lines]
    start = next(i for i, c in enumerate(cells) if header_marker in c)
    labels = []
    for c in cells[start + 2:]:
        if "[delete" in c or "[Delete" in c:
            break
        if c:
            labels.append(c)
    return cells[start], labels


def template_tables(region_lines):
    """Turns one tab region of the template into explicit tables (key, rows)."""
    cells = [l.strip() for l in region_lines if l.strip()]
    first = cells[0]
    if first.startswith("Publish date"):
        return [("review", [["Publish date", ""], ["Review date", ""], ["Termination Date (N/A if ongoing)", ""]])]
    if first.startswith("Specified Authorities"):
        spec = ["Local authorities", "Probation Service", "Fire & Rescue services", "Police",
                "Integrated Health Boards", "Local Health Boards", "Youth Offending Teams"]
        rel = ["Education authorities", "Youth Custody authorities", "Prison authorities",
               "An organisation or person described in s10 of the PCSC Act"]
        rows = [[cells[0], cells[1]]]
        for k in range(len(spec)):
            rows.append([spec[k], rel[k] if k < len(rel) else ""])
        return [("svd", rows)]
    if first.startswith("Article 6"):
        tables = []
        for key, marker in [("art6", "Article 6 lawful"), ("art9", "Article 9 lawful"),
                            ("s1p1", "Sch 1 Pt 1"), ("s1p2", "Sch 1 Pt 2"), ("s1p3", "Sch 1 Pt 3")]:
            header, labels = option_rows(region_lines, marker)
            tables.append((key, [[header, "Applicable party"]] + [[l, ""] for l in labels]))
        return tables
    if first.startswith("Competent authority"):
        return [("competent", [["Competent authority name(s)", "Purposes"], ["", ""]])]
    if first.startswith("Sch 8"):
        header, labels = option_rows(region_lines, "Sch 8")
        return [("sch8", [[header, "Applicable party"]] + [[l, ""] for l in labels])]
    if first.startswith("Customers"):
        pairs = [cells[k:k + 2] for k in range(0, len(cells), 2)]
        return [("subjects", pairs)]
    if first.startswith("Part 2 processing"):
        p2 = ["Personal data", "Special category data", "Personal data relating to criminal convictions and offences",
              "Pseudonymised data", "Anonymised/Aggregate data"]
        p3 = ["Personal data", "Sensitive data", "Pseudonymised data", "Anonymised/Aggregate data", ""]
        return [("categories", [["Part 2 processing", "Part 3 processing"]] + [[a, b] for a, b in zip(p2, p3)])]
    if first.startswith("Describe any anonymisation"):
        return [("anonymisation", [[first], [""]])]
    if first.startswith("Type of data") and cells[2].startswith("Information relating"):
        return [("special", [[cells[0], cells[1]]] + [[c, ""] for c in cells[2:]])]
    if first.startswith("Type of data"):
        labels = [c for c in cells[2:]]
        return [("personal", [[cells[0], cells[1]]] + [[l, ""] for l in labels])]
    if first.startswith("Information relating to an individual"):
        return [("special", [["Type of data", "Describe the data - are there datasets or named reports? Is there any data specifically excluded?"]] + [[c, ""] for c in cells])]
    if first.startswith("Applicable party"):
        return [("outside", [["Applicable party", "Describe"], ["", ""]])]
    if first.startswith("Data") and "Retention period" in cells:
        return [("retention", [["Data", "Organisation", "Retention period", "Automated or manual deletion? What processes ensure that disposal happens at the allotted time?"]] + [["", "", "", ""]] * 2)]
    if first.startswith("Data") and "End of sharing activity" in cells:
        return [("end", [["Data", "Organisation", "End of sharing activity"]] + [["", "", ""]] * 2)]
    if first.startswith("Organisation name"):
        return [("appendix_a", [
            ["Organisation name or type", "Duties", "Part 3 competent authority for this DSA?"],
            ["Metropolitan Police", "· The prevention and detection of crime\n· The maintenance of the King’s peace\n· Protection of the vulnerable", ""],
            ["London Borough\n(state all or name each borough involved)", "· Undertakes interventions as necessary to ensure the safeguarding of vulnerable people\n· Takes appropriate and proportionate steps to ensure the safety of employees and others", ""],
            ["Probation Service", "· The Probation Service is a statutory criminal justice service that supervises high-risk offenders released into the community.", ""],
        ])]
    if first.startswith("Legislation"):
        return [("appendix_b", [["Legislation/Statutory guidance", "Party to which it applies", "Main purpose of Legislation", "How it applies to this data sharing"], ["", "", "", ""]])]
    if first.startswith("Individual right"):
        rights = [
            "The right to be informed about the collection and use of personal data – privacy information.",
            "The right of access to details of data use and to receive a copy of their personal data, commonly called a subject access request.",
            "The right to rectification to have inaccurate personal data rectified or completed if it is incomplete.",
            "The right to erasure\n(Does not apply when using the lawful basis conditions of Article 6: legal obligation, public task or legal claims, or Article 9: health and care services, public health or archiving, research or statistical purposes.)",
            "The right to restrict processing\nand limit how their data is used.",
            "The right to data portability to obtain and re-use their personal data.",
            "The right to object to the use and sharing of personal data where the parties are using the public interest or legitimate interests conditions It is unlikely that an objection would be upheld but each request must be considered on a case-by-case basis.",
        ]
        rows = [["Individual right", "Party or type of party", "How the parties complies (or state not applicable if the right does not apply)"]]
        for r in rights:
            if "restrict" in r or "portability" in r:
                rows.append([r, "Does not apply to this DSA.", ""])
            else:
                rows.append([r, "", ""])
        return [("appendix_c", rows)]
    raise ValueError("unknown template table starting " + repr(first))


def template_elements():
    els = []
    for e in read_template():
        if e[0] == "region":
            for key, rows in template_tables(e[1]):
                els.append(["table", key, rows])
        else:
            els.append(list(e))
    return els


# ---------------------------------------------------------------- agreements (truth)

PARTY_NAMES = {
    "met-police": "Metropolitan Police Service",
    "camden": "London Borough of Camden",
    "islington": "Islington Council",
    "hackney": "London Borough of Hackney",
    "westminster": "Westminster City Council",
    "lambeth": "London Borough of Lambeth",
    "southwark": "Southwark Council",
    "newham": "London Borough of Newham",
    "tower-hamlets": "Tower Hamlets Council",
    "probation": "Probation Service",
    "kensington-and-chelsea": "Royal Borough of Kensington and Chelsea",
    "croydon": "London Borough of Croydon",
}
SHORT = {
    "met-police": "MPS", "camden": "Camden", "islington": "Islington", "hackney": "Hackney",
    "westminster": "Westminster", "lambeth": "Lambeth", "southwark": "Southwark", "newham": "Newham",
    "tower-hamlets": "Tower Hamlets", "probation": "Probation", "kensington-and-chelsea": "RBKC",
    "croydon": "Croydon",
}

# Template option labels by wire code (the generator picks rows by code).
ART6 = {"c_legal_obligation": "c) legal obligation", "e_public_task": "e) performance of a task carried out in the public interest",
        "f_legitimate_interests": "f) purposes of the legitimate interests"}
ART9 = {"f_legal_claims": "f)", "g_substantial_public_interest": "g) substantial public interest", "h_health_social_care": "h)",
        "i_public_health": "i)", "j_archiving_research_statistics": "j)"}
S1P1 = {"employment_social_security": "Employment", "health_social_care": "Health or social care", "public_health": "Public health", "research": "Research"}
S1P2 = {"statutory_government_purposes": "Statutory & government purposes", "equality_of_opportunity": "Equality of opportunity",
        "preventing_detecting_unlawful_acts": "Preventing or detecting unlawful acts", "regulatory_unlawful_acts_dishonesty": "Regulatory for unlawful",
        "preventing_fraud": "Preventing fraud", "safeguarding_children_individuals_at_risk": "Safeguarding of children",
        "administration_of_justice": "Administration of justice", "racial_ethnic_diversity_senior_levels": "Racial/ethnic",
        "protecting_public_against_dishonesty": "Protecting the public", "terrorist_financing_money_laundering": "Terrorist financing",
        "support_disability_medical_condition": "Support for individuals", "safeguarding_economic_well_being": "Safeguarding economic"}
S1P3 = {"legal_claims": "Legal claims", "accounts_child_indecency_offences": "Accounts for child", "judicial_acts": "Judicial acts",
        "extension_of_part2": "Extension of Sch 1 Pt 2"}
SCH8 = {"statutory_purposes": "Statutory purposes", "judicial_acts": "Judicial acts", "legal_claims": "Legal claims", "archiving": "Archiving",
        "administration_of_justice": "Administration of justice", "safeguarding_children_individuals_at_risk": "Safeguarding of children",
        "preventing_fraud": "Preventing fraud"}
TABLE_CODES = {"art6": ART6, "art9": ART9, "s1p1": S1P1, "s1p2": S1P2, "s1p3": S1P3, "sch8": SCH8}
PERSONAL = {"name": "Name", "address": "Address", "date_of_birth": "DOB", "contact_details": "Contact details",
            "education": "Education information", "housing": "Housing information", "referral_assessment": "Referral / Assessment",
            "family_relationships": "Family / relationship", "social_media": "Social media", "physical_description": "Physical description",
            "images_recordings": "Images in photographs", "property": "Property information"}
SPECIAL = {"health": "Information relating to an individual’s physical", "racial_ethnic_origin": "Racial or ethnic origin",
           "sex_life_orientation": "Information relating to an individual’s sexual", "religious_philosophical_beliefs": "Religious"}
SUBJECTS = {"service_users": "Customers, service users", "victims": "Victim/complainant", "offenders": "Actual or suspected offenders",
            "carers_family": "Carers/Guardians", "witnesses": "Witnesses", "licence_permit_holders": "Licence and permit holders",
            "traders_inspected": "Traders or people", "complainants_enquirers": "Complainants and enquirers"}
P2CAT = {"personal": "Personal data", "special_category": "Special category data",
         "criminal_offence": "Personal data relating to criminal convictions and offences", "pseudonymised": "Pseudonymised data", "anonymised_aggregate": "Anonymised/Aggregate data"}
P3CAT = {"personal": "Personal data", "sensitive": "Sensitive data", "pseudonymised": "Pseudonymised data", "anonymised_aggregate": "Anonymised/Aggregate data"}

AGREEMENTS = {
    "mas": dict(
        title="Multi-Agency Safeguarding Data Sharing Agreement — Camden and Islington",
        sharing_type="controller_to_controller",
        parties=["met-police", "camden", "islington"],
        purpose=["MPS: To share information about children who come to police notice so that the local authority can assess whether a child is at risk.",
                 "Camden: To assess referrals in the multi-agency safeguarding hub and decide the right level of intervention."],
        art6={"c_legal_obligation": ["camden", "islington"], "e_public_task": "all"},
        art9={"g_substantial_public_interest": "all"},
        s1p1={}, s1p2={"safeguarding_children_individuals_at_risk": "all", "statutory_government_purposes": ["camden", "islington"]},
        s1p3={"extension_of_part2": ["camden", "islington"]},
        sch8={"safeguarding_children_individuals_at_risk": ["met-police"]},
        competent=[("met-police", "Prevention and detection of offences against children")],
        personal={"name": "Full name and aliases of the child and household members.", "address": "", "date_of_birth": "", "education": "School attended and attendance concerns."},
        special={"health": "Health information relevant to the safeguarding concern."},
        subjects=["service_users", "victims", "carers_family"],
        p2=["personal", "special_category", "criminal_offence"], p3=["personal", "sensitive"],
        publish="01/04/2021", review="31 March 2024", termination="N/A",
        retention=[("MASH referral records", "Camden, Islington", "6 years", "Automated deletion by the case system")],
        legislation=[("Children Act 1989 s47", "Camden, Islington", "Duty to make enquiries where a child is at risk of significant harm.", "Councils assess police referrals.")],
        proportionality="Only information relevant to the safeguarding concern is shared, using the MASH triage checklist.",
        complaints="Each party handles complaints about its own processing.",
    ),
    "mappa": dict(
        title="MAPPA Data Sharing Agreement — South London",
        sharing_type="joint_controllers",
        parties=["met-police", "probation", "lambeth", "southwark"],
        purpose=["To assess and manage the risks posed by sexual and violent offenders under MAPPA."],
        art6={"c_legal_obligation": "all", "e_public_task": "all"},
        art9={"g_substantial_public_interest": ["lambeth", "southwark"]},
        s1p1={}, s1p2={"statutory_government_purposes": ["lambeth", "southwark"], "preventing_detecting_unlawful_acts": ["lambeth"]},
        s1p3={"extension_of_part2": ["lambeth", "southwark"]},
        sch8={"statutory_purposes": ["met-police", "probation"], "administration_of_justice": ["probation"]},
        competent=[("met-police", "Management of registered sex offenders"), ("probation", "Supervision of offenders on licence")],
        personal={"name": "", "address": "", "date_of_birth": "", "physical_description": ""},
        special={"health": "Mental health relevant to risk.", "sex_life_orientation": "Only where relevant to risk."},
        subjects=["offenders", "victims"],
        p2=["personal", "special_category", "criminal_offence"], p3=["personal", "sensitive"],
        publish="14/02/2022", review="14/02/2025", termination="N/A",
        retention=[("MAPPA minutes", "Probation", "Until the offender's 100th birthday", "Manual review")],
        legislation=[("Criminal Justice Act 2003 s325", "All parties", "Arrangements for assessing risks posed by certain offenders.", "Duty to co-operate.")],
        proportionality="Information is shared at the MAPPA level set for the offender.",
        complaints="The MAPPA Strategic Management Board coordinates complaints about the arrangements.",
    ),
    "licensing": dict(
        title="Licensing Data Sharing Agreement",
        sharing_type="controller_to_controller",
        parties=["met-police", "westminster", "hackney"],
        purpose=["To determine licence applications and reviews and take enforcement action under the Licensing Act 2003."],
        art6={"e_public_task": "all"},
        art9={}, s1p1={}, s1p2={},
        s1p3={"extension_of_part2": ["westminster", "hackney"]},
        sch8={},
        competent=[],
        personal={"name": "", "address": "", "contact_details": "", "property": "Premises plans and licence conditions."},
        special={},
        subjects=["licence_permit_holders", "traders_inspected", "complainants_enquirers"],
        p2=["personal", "criminal_offence"], p3=[],
        publish="1st June 2021", review="1st June 2023", termination="31/05/2026",
        retention=[("Licence files", "Westminster, Hackney", "6 years after the licence lapses", "Manual")],
        legislation=[("Licensing Act 2003 s4", "Westminster, Hackney", "Licensing objectives.", "Prevention of crime and disorder.")],
        proportionality="Only information about licence holders and incidents at licensed premises is shared.",
        complaints="Complaints go to the licensing authority concerned.",
    ),
    "gvm": dict(
        title="Gangs Violence Matrix Data Sharing Agreement — Newham and Tower Hamlets",
        sharing_type="joint_controllers",
        parties=["met-police", "newham", "tower-hamlets"],
        purpose=["To reduce gang-related violence and safeguard those exploited by gangs."],
        art6={"e_public_task": "all"},
        art9={"g_substantial_public_interest": ["newham", "tower-hamlets"]},
        s1p1={}, s1p2={"preventing_detecting_unlawful_acts": ["newham", "tower-hamlets"], "safeguarding_children_individuals_at_risk": ["newham", "tower-hamlets"]},
        s1p3={"extension_of_part2": ["newham", "tower-hamlets"]},
        sch8={"statutory_purposes": ["met-police"]},
        competent=[("met-police", "Prevention and detection of gang-related violence")],
        personal={"name": "", "address": "", "date_of_birth": "", "social_media": "Public social media activity relevant to violence."},
        special={"racial_ethnic_origin": "Equality monitoring of the matrix only."},
        subjects=["offenders", "victims"],
        p2=["personal", "special_category", "criminal_offence"], p3=["personal", "sensitive"],
        publish="10/05/2021", review="10/05/2022", termination="29/02/2024",
        retention=[("Matrix records", "MPS", "2 years after removal from the matrix", "Automated")],
        legislation=[("Crime and Disorder Act 1998 s115", "All parties", "Power to disclose to relevant authorities.", "Disclosure for crime reduction.")],
        proportionality="Only people scored on the matrix are discussed.",
        complaints="Each party handles complaints about its own processing.",
    ),
}


def party_cell(value, style):
    """What goes in the 'Applicable party' cell for a chosen row."""
    if style == "names":
        return "All parties" if value == "all" else ", ".join(SHORT[p] for p in value)
    if style == "glyph":
        return "☒ All parties" if value == "all" else "☒ " + ", ".join(SHORT[p] for p in value)
    if style == "x":
        return "X – All parties" if value == "all" else "X – " + ", ".join(SHORT[p] for p in value)
    if style == "yesno":
        return "Yes"
    if style == "tick":
        return "✓"
    return ""


def unchosen_cell(style):
    return {"glyph": "☐", "yesno": "No"}.get(style, "")


def applies(value, style):
    """The applicability the importer should read for a chosen row in this style."""
    if style in ("yesno", "tick", "deleted", "struck", "checkbox", "formfield"):
        return "unspecified"
    if value == "all":
        return "all"
    return sorted(value)


def fill(truth, style, blank=False):
    """The template filled in for one agreement, marking options in `style`:
    deleted | names | glyph | x | yesno | tick | struck | checkbox | formfield."""
    els = template_elements()
    out = []
    strike_rows = {}
    for e in els:
        kind = e[0]
        if blank:
            out.append(e)
            continue
        if kind == "p" and e[1].startswith("[Describe the purpose"):
            for p in truth["purpose"]:
                out.append(["p", p])
            continue
        if kind == "p" and "This agreement covers data sharing" in e[1]:
            choice = "Controller to Controller" if truth["sharing_type"] == "controller_to_controller" else "between Joint Controllers"
            before = e[1][:e[1].index("This agreement covers data sharing")]
            out.append(["p", before + "This agreement covers data sharing that is " + choice + "."])
            continue
        if kind == "p" and e[1].startswith("[Describe how you decided"):
            out.append(["p", truth["proportionality"]])
            continue
        if kind == "p" and e[1].startswith("The parties will [Describe how complaints"):
            out.append(["p", truth["complaints"]])
            continue
        if kind == "table":
            key, rows = e[1], e[2]
            rows = [list(r) for r in rows]
            if key in TABLE_CODES:
                chosen = truth[key]
                codes = TABLE_CODES[key]
                new = [rows[0]]
                marks = []
                for r in rows[1:]:
                    code = next((c for c, pre in codes.items() if r[0].strip().startswith(pre)), None)
                    if code in chosen:
                        new.append([r[0], party_cell(chosen[code], style)])
                        marks.append(False)
                    elif style == "deleted":
                        continue
                    else:
                        new.append([r[0], unchosen_cell(style)])
                        marks.append(True)
                if style == "deleted" and not chosen:
                    continue  # whole table deleted as inapplicable
                out.append(["table", key, new, {"struck": [False] + marks if style == "struck" else None,
                                                   "checkbox": [None] + [not m for m in marks] if style in ("checkbox", "formfield") else None}])
                continue
            if key == "review":
                out.append(["table", key, [["Publish date", truth["publish"]], ["Review date", truth["review"]], ["Termination Date (N/A if ongoing)", truth["termination"]]]])
                continue
            if key == "competent":
                if not truth["competent"]:
                    continue
                out.append(["table", key, [rows[0]] + [[PARTY_NAMES[p], purpose] for p, purpose in truth["competent"]]])
                continue
            if key == "personal" or key == "special":
                items = truth[key]
                codes = PERSONAL if key == "personal" else SPECIAL
                new = [rows[0]]
                for r in rows[1:]:
                    code = next((c for c, pre in codes.items() if r[0].strip().startswith(pre)), None)
                    if code in items:
                        new.append([r[0], items[code]])
                if len(new) > 1:
                    out.append(["table", key, new])
                continue
            if key == "subjects":
                keep = [SUBJECTS[s] for s in truth["subjects"]]
                cells = [c for r in rows for c in r if any(c.startswith(k) for k in keep)]
                out.append(["table", key, [cells[k:k + 2] + [""] * (2 - len(cells[k:k + 2])) for k in range(0, len(cells), 2)]])
                continue
            if key == "categories":
                p2 = [v for k, v in P2CAT.items() if k in truth["p2"]]
                p3 = [v for k, v in P3CAT.items() if k in truth["p3"]]
                n = max(len(p2), len(p3))
                out.append(["table", key, [rows[0]] + [[p2[k] if k < len(p2) else "", p3[k] if k < len(p3) else ""] for k in range(n)]])
                continue
            if key == "retention":
                out.append(["table", key, [rows[0]] + [list(r) for r in truth["retention"]]])
                continue
            if key == "appendix_b":
                out.append(["table", key, [rows[0]] + [list(r) for r in truth["legislation"]]])
                continue
            if key == "appendix_a":
                boroughs = [PARTY_NAMES[p] for p in truth["parties"] if p not in ("met-police", "probation")]
                new = [rows[0], [rows[1][0], rows[1][1], "Yes" if "met-police" in dict(truth["competent"]) else "No"],
                       ["\n".join(boroughs), rows[2][1], "No"]]
                if "probation" in truth["parties"]:
                    new.append([rows[3][0], rows[3][1], "Yes" if "probation" in dict(truth["competent"]) else "No"])
                out.append(["table", key, new])
                continue
            out.append(e)
            continue
        out.append(e)
    # Title first.
    title = "Pan-London Data Sharing Agreement template" if blank else truth["title"]
    return [["title", title]] + out


def facts(truth, style):
    """What the importer must find."""
    f = {"title": truth["title"], "sharing_type": truth["sharing_type"], "parties": sorted(truth["parties"]),
         "publish_date": iso(truth["publish"]), "review_date": iso(truth["review"]),
         "termination": "ongoing" if truth["termination"] == "N/A" else iso(truth["termination"])}
    for key, field in [("art6", "article6"), ("art9", "article9"), ("s1p1", "schedule1_part1"), ("s1p2", "schedule1_part2"), ("s1p3", "schedule1_part3"), ("sch8", "schedule8")]:
        f[field] = {code: applies(v, style) for code, v in truth[key].items()}
    f["personal_data"] = sorted(truth["personal"].keys())
    f["special_category_data"] = sorted(truth["special"].keys())
    f["data_subjects"] = sorted(truth["subjects"])
    f["part2"] = sorted(truth["p2"])
    f["part3"] = sorted(truth["p3"])
    f["competent_authorities"] = sorted(p for p, _ in truth["competent"])
    return f


def iso(uk):
    months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
    m = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", uk)
    if m:
        return "%s-%02d-%02d" % (m.group(3), int(m.group(2)), int(m.group(1)))
    m = re.match(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})", uk)
    if m:
        return "%s-%02d-%02d" % (m.group(3), months.index(m.group(2).lower()) + 1, int(m.group(1)))
    raise ValueError(uk)


# ---------------------------------------------------------------- writers

def write_python_docx(els, path, heading_style=True):
    import docx
    from docx.shared import Pt
    d = docx.Document()
    d.core_properties.author = "generate.py"
    d.core_properties.created = __import__("datetime").datetime(2021, 1, 1)
    d.core_properties.modified = __import__("datetime").datetime(2021, 1, 1)
    d.core_properties.last_modified_by = "generate.py"
    d.core_properties.revision = 1
    for e in els:
        kind = e[0]
        if kind == "title":
            d.add_heading(e[1], 0)
        elif kind == "h":
            if heading_style:
                d.add_heading(e[2], e[1])
            else:
                p = d.add_paragraph()
                r = p.add_run(e[2])
                r.bold = True
        elif kind == "p":
            d.add_paragraph(e[1])
        elif kind == "b":
            d.add_paragraph(e[1], style="List Bullet")
        elif kind == "table":
            rows = e[2]
            opts = e[3] if len(e) > 3 else {}
            ncols = max(len(r) for r in rows)
            t = d.add_table(rows=len(rows), cols=ncols)
            t.style = "Table Grid"
            struck = (opts or {}).get("struck")
            for i, r in enumerate(rows):
                for j in range(ncols):
                    text = r[j] if j < len(r) else ""
                    cell = t.cell(i, j)
                    lines = text.split("\n")
                    cell.paragraphs[0].text = ""
                    for k, line in enumerate(lines):
                        para = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                        run = para.add_run(line)
                        if struck and struck[i] and j == 0:
                            run.font.strike = True
        elif kind == "raw_struck_p":
            p = d.add_paragraph()
            p.add_run(e[1]).font.strike = True
    d.save(path)


def md_escape(s):
    return s.replace("|", "\\|").replace("*", "\\*").replace("[", "\\[").replace("]", "\\]")


def write_pandoc(els, path):
    lines = []
    for e in els:
        kind = e[0]
        if kind == "title":
            lines += ["% " + e[1], ""]
        elif kind == "h":
            lines += ["#" * e[1] + " " + md_escape(e[2]), ""]
        elif kind == "p":
            lines += [md_escape(e[1]), ""]
        elif kind == "b":
            lines += ["- " + md_escape(e[1]), ""]
        elif kind == "table":
            rows = e[2]
            opts = e[3] if len(e) > 3 else {}
            struck = (opts or {}).get("struck")
            ncols = max(len(r) for r in rows)
            def cellfmt(i, j, r):
                t = r[j] if j < len(r) else ""
                t = md_escape(t.replace("\n", "; "))
                if struck and struck[i] and j == 0 and t:
                    t = "~~" + t + "~~"
                return t if t else " "
            lines.append("| " + " | ".join(cellfmt(0, j, rows[0]) for j in range(ncols)) + " |")
            lines.append("|" + "---|" * ncols)
            for i, r in enumerate(rows[1:], 1):
                lines.append("| " + " | ".join(cellfmt(i, j, r) for j in range(ncols)) + " |")
            lines.append("")
    md = "\n".join(lines)
    subprocess.run(["pandoc", "-f", "markdown", "-t", "docx", "-o", path], input=md.encode(), check=True)


def libreoffice_roundtrip(src, dest):
    """python-docx → LibreOffice .odt → LibreOffice .docx."""
    with tempfile.TemporaryDirectory() as tmp:
        profile = "file://" + os.path.join(tmp, "profile")
        subprocess.run(["soffice", "-env:UserInstallation=" + profile, "--headless", "--convert-to", "odt", "--outdir", tmp, src],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        odt = os.path.join(tmp, os.path.splitext(os.path.basename(src))[0] + ".odt")
        subprocess.run(["soffice", "-env:UserInstallation=" + profile, "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, odt],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.copy(os.path.join(tmp, os.path.splitext(os.path.basename(src))[0] + ".docx"), dest)


# --- hand-written WordprocessingML, as Word writes it

W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'mc:Ignorable="w14"')


def x(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(text, strike=False, bold=False):
    props = ""
    if strike or bold:
        props = "<w:rPr>" + ('<w:b w:val="1"/>' if bold else "") + ('<w:strike w:val="on"/>' if strike else "") + "</w:rPr>"
    parts = text.split("\t")
    body = '<w:tab/>'.join('<w:t xml:space="preserve">%s</w:t>' % x(p) for p in parts)
    return "<w:r>%s%s</w:r>" % (props, body)


def para(inner, style=None):
    ppr = '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style if style else ""
    return "<w:p>%s%s</w:p>" % (ppr, inner)


def checkbox_sdt(checked, tracked=False):
    glyph = "☒" if checked else "☐"
    return ('<w:sdt><w:sdtPr><w:id w:val="1"/><w14:checkbox><w14:checked w14:val="%d"/>'
            '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
            '</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic"/></w:rPr><w:t>%s</w:t></w:r></w:sdtContent></w:sdt>'
            % (1 if checked else 0, glyph))


def formfield_checkbox(checked):
    return ('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:enabled/><w:calcOnExit w:val="0"/>'
            '<w:checkBox><w:sizeAuto/><w:default w:val="%d"/></w:checkBox></w:ffData></w:fldChar></w:r>'
            '<w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>' % (1 if checked else 0))


def write_wordxml(els, path, features, main_part="word/document.xml", heading_ids=("Heading1", "Heading2", "Heading3"), heading_names=("heading 1", "heading 2", "heading 3")):
    """features: set of 'tracked', 'sdt', 'formfield', 'sym', 'altcontent', 'fields', 'blocksdt'."""
    body = []
    for e in els:
        kind = e[0]
        if kind == "title":
            body.append(para(run(e[1]), "Title"))
        elif kind == "h":
            body.append(para(run(e[2]), heading_ids[min(e[1], 3) - 1]))
        elif kind == "p":
            text = e[1]
            if "tracked" in features and "This agreement covers data sharing" in text:
                # The author typed the choice over the template's options with tracking on.
                before = text[:text.index("This agreement covers data sharing")]
                body.append('<w:p><w:r><w:t xml:space="preserve">%sThis agreement covers data sharing that is </w:t></w:r>' % x(before) +
                            '<w:del w:id="11" w:author="IG Officer" w:date="2021-03-01T10:00:00Z"><w:r><w:delText>Controller to Controller between Joint Controllers [delete unnecessary option]</w:delText></w:r></w:del>' +
                            ('<w:ins w:id="12" w:author="IG Officer" w:date="2021-03-01T10:00:00Z"><w:r><w:t>%s</w:t></w:r></w:ins><w:r><w:t>.</w:t></w:r></w:p>'
                             % x(text[text.index("that is ") + len("that is "):].rstrip("."))))
            elif "fields" in features and "Information Sharing Gateway" in text:
                body.append('<w:p><w:r><w:t xml:space="preserve">A signatory from each party will agree to sharing under this DSA on the </w:t></w:r>'
                            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://www.informationsharinggateway.org.uk" </w:instrText></w:r>'
                            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>Information Sharing Gateway</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
                            '<w:r><w:t xml:space="preserve"> (ISG). </w:t></w:r><w:bookmarkStart w:id="3" w:name="isg"/><w:bookmarkEnd w:id="3"/></w:p>')
            elif "altcontent" in features and text.startswith("Each party is responsible for undertaking a DPIA"):
                body.append('<w:p><w:r><w:t xml:space="preserve">Each party is responsible for undertaking a DPIA where it considers it necessary. </w:t></w:r>'
                            '<mc:AlternateContent><mc:Choice Requires="w14"><w:r><w:t xml:space="preserve"></w:t></w:r></mc:Choice>'
                            '<mc:Fallback><w:r><w:t>FALLBACK-TEXT-MUST-NOT-APPEAR</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>')
            elif "constructs" in features and text.startswith("To assess and manage"):
                # Hyperlink element, smart tag, soft and non-breaking hyphens, a line break,
                # a non-breaking space, and a tracked move (moveFrom dropped, moveTo kept).
                body.append('<w:p><w:r><w:t xml:space="preserve">To assess and manage the risks posed by sexual and violent offenders under </w:t></w:r>'
                            '<w:hyperlink r:id="rIdX" w:history="1"><w:r><w:t>MAPPA</w:t></w:r></w:hyperlink>'
                            '<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place"><w:r><w:t>.</w:t></w:r></w:smartTag>'
                            '<w:moveFrom w:id="21" w:author="IG" w:date="2021-03-01T10:00:00Z"><w:r><w:t xml:space="preserve"> MOVED-AWAY-TEXT</w:t></w:r></w:moveFrom>'
                            '<w:r><w:br/><w:t xml:space="preserve">See the multi</w:t><w:softHyphen/><w:t>agency guidance (non</w:t><w:noBreakHyphen/><w:t>statutory) annex.</w:t></w:r>'
                            '<w:moveTo w:id="22" w:author="IG" w:date="2021-03-01T10:00:00Z"><w:r><w:t xml:space="preserve"> Reviewed by the SMB.</w:t></w:r></w:moveTo></w:p>')
            elif "blocksdt" in features and text.startswith("Only information") or ("blocksdt" in features and text in ("Information is shared at the MAPPA level set for the offender.",)):
                body.append('<w:sdt><w:sdtPr><w:alias w:val="Proportionality"/></w:sdtPr><w:sdtContent>%s</w:sdtContent></w:sdt>' % para(run(text)))
            else:
                body.append(para(run(text)))
        elif kind == "b":
            body.append('<w:p><w:pPr><w:pStyle w:val="ListBullet"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>%s</w:p>' % run(e[1]))
        elif kind == "table":
            rows = e[2]
            opts = e[3] if len(e) > 3 else {}
            checks = (opts or {}).get("checkbox")
            struck = (opts or {}).get("struck")
            ncols = max(len(r) for r in rows)
            t = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>' + '<w:gridCol w:w="4000"/>' * ncols + '</w:tblGrid>']
            for i, r in enumerate(rows):
                cells = []
                for j in range(ncols):
                    text = r[j] if j < len(r) else ""
                    inner = ""
                    if j == 1 and checks and checks[i] is not None:
                        if "formfield" in features:
                            inner = para(formfield_checkbox(checks[i]) + (run(" " + text) if text.strip() else ""))
                        elif "sym" in features:
                            inner = para('<w:r><w:sym w:font="Wingdings" w:char="%s"/></w:r>' % ("F0FE" if checks[i] else "F0A8") + (run(" " + text) if text.strip() else ""))
                        else:
                            inner = para(checkbox_sdt(checks[i]) + (run(" " + text) if text.strip() else ""))
                    else:
                        for line in text.split("\n"):
                            inner += para(run(line, strike=bool(struck and struck[i] and j == 0)))
                    tc = "<w:tc><w:tcPr><w:tcW w:w=\"4000\" w:type=\"dxa\"/></w:tcPr>%s</w:tc>" % (inner or "<w:p/>")
                    if "constructs" in features and e[1] == "retention" and i > 0 and j == 2:
                        tc = '<w:sdt><w:sdtPr><w:alias w:val="Retention period"/></w:sdtPr><w:sdtContent>%s</w:sdtContent></w:sdt>' % tc
                    if "constructs" in features and e[1] == "outside" and i == 1 and j == 1:
                        nested = ('<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>%s</w:tc></w:tr>'
                                  '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>%s</w:tc><w:tc>%s</w:tc></w:tr>'
                                  '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc>%s</w:tc></w:tr></w:tbl>'
                                  % (para(run("No processing outside the UK")), para(run("Checked by")), para(run("DPO, March 2022")), para(run("SIRO, March 2022"))))
                        tc = "<w:tc><w:tcPr><w:tcW w:w=\"4000\" w:type=\"dxa\"/></w:tcPr>%s<w:p/></w:tc>" % nested
                    cells.append(tc)
                row = "<w:tr>%s</w:tr>" % "".join(cells)
                if "sdt" in features and i > 0 and checks:
                    row = '<w:sdt><w:sdtPr><w:alias w:val="row"/></w:sdtPr><w:sdtContent>%s</w:sdtContent></w:sdt>' % row
                t.append(row)
            t.append("</w:tbl>")
            body.append("".join(t))
            body.append("<w:p/>")
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document %s><w:body>%s'
           '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>' % (W_NS, "".join(body)))
    styles = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">',
              '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>',
              '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>',
              '<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/></w:style>']
    for k, (sid, sname) in enumerate(zip(heading_ids, heading_names)):
        styles.append('<w:style w:type="paragraph" w:styleId="%s"><w:name w:val="%s"/><w:pPr><w:outlineLvl w:val="%d"/></w:pPr></w:style>' % (sid, sname, k))
    styles.append("</w:styles>")
    main_dir, main_file = main_part.rsplit("/", 1)
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/%s" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        '<Override PartName="/%s/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        '<Override PartName="/%s/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>' % (main_part, main_dir, main_dir),
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="%s"/></Relationships>' % main_part,
        "%s/_rels/%s.rels" % (main_dir, main_file): '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>',
        "%s/styles.xml" % main_dir: "".join(styles),
        "%s/footer1.xml" % main_dir: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr %s>%s</w:ftr>' % (W_NS, para(run("Pan-London DSA – OFFICIAL"))),
        main_part: doc,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(2021, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, files[name])


# ---------------------------------------------------------------- protocols (free-form)

PROTOCOLS = {
    "protocol-camden-asb": dict(
        writer="python-docx",
        els=[
            ["title", "Camden Anti-Social Behaviour Information Sharing Protocol"],
            ["p", "Version: 3.2"],
            ["p", "Date of agreement: 1st April 2019"],
            ["h", 1, "1. Introduction"],
            ["p", "This protocol sets out how partners in Camden share information to tackle anti-social behaviour."],
            ["h", 1, "2. Parties to this Protocol"],
            ["b", "London Borough of Camden"],
            ["b", "Metropolitan Police Service"],
            ["b", "Camden Safer Streets Housing Association"],
            ["h", 1, "3. Purpose"],
            ["p", "To identify, assess and reduce anti-social behaviour and its impact on victims and communities."],
            ["h", 1, "4. Legal Basis for Sharing"],
            ["p", "The partners rely on Article 6(1)(e) UK GDPR (public task) for personal data."],
            ["p", "Where special category data is shared, partners rely on Art. 9.2(g) and Schedule 1, Part 2, paragraph 10 of the Data Protection Act 2018."],
            ["p", "Information may also be disclosed under section 115 Crime and Disorder Act 1998 and the Anti-social Behaviour, Crime and Policing Act 2014."],
            ["h", 1, "5. Information to be Shared"],
            ["b", "Names"],
            ["b", "Addresses"],
            ["b", "Dates of birth"],
            ["b", "Details of incidents and complaints"],
            ["h", 1, "6. Retention"],
            ["p", "Shared information will be retained for 6 years and then securely destroyed."],
            ["h", 1, "7. Review"],
            ["p", "This protocol will be reviewed annually. Next review date: 31/03/2020."],
        ],
        facts={"title": "Camden Anti-Social Behaviour Information Sharing Protocol", "parties_include": ["camden", "met-police"],
               "article6": {"e_public_task": "unspecified"}, "article9": {"g_substantial_public_interest": "unspecified"},
               "schedule1_part2": {"preventing_detecting_unlawful_acts": "unspecified"},
               "legislation_include": ["Crime and Disorder Act 1998 s115"], "personal_data_include": ["address", "date_of_birth", "name"],
               "publish_date": "2019-04-01", "review_date": "2020-03-31", "review_cycle": "1_year", "retention_months": 72, "version": "3.2"},
    ),
    "protocol-hackney-pandoc": dict(
        writer="pandoc",
        els=[
            ["title", "Hackney Integrated Offender Management Information Sharing Agreement"],
            ["h", 1, "Partner Agencies"],
            ["p", "The partners are the London Borough of Hackney, the Metropolitan Police and the Probation Service."],
            ["h", 1, "Aims and Objectives"],
            ["p", "To reduce reoffending by the most prolific offenders in Hackney through joint case management."],
            ["h", 1, "Legal Framework"],
            ["p", "Processing is lawful under Art 6(1)(e) and Article 6(1)(c) of the UK GDPR. Criminal offence data is processed under Schedule 1, Part 3, paragraph 36 (extension of Part 2 conditions)."],
            ["p", "The Police rely on Schedule 8 paragraph 1 (statutory purposes) for sensitive processing."],
            ["h", 1, "What information will be shared"],
            ["p", "Name, address, date of birth and offending history."],
            ["h", 1, "Review"],
            ["p", "Effective from April 2021 and reviewed every two years."],
        ],
        facts={"title": "Hackney Integrated Offender Management Information Sharing Agreement", "parties_include": ["hackney", "met-police", "probation"],
               "article6": {"e_public_task": "unspecified", "c_legal_obligation": "unspecified"},
               "schedule1_part3": {"extension_of_part2": "unspecified"}, "schedule8": {"statutory_purposes": "unspecified"},
               "personal_data_include": ["address", "date_of_birth", "name"], "publish_date": "2021-04-01", "review_cycle": "2_years"},
    ),
    "protocol-lambeth-bold": dict(
        writer="python-docx-bold",
        els=[
            ["title", "Lambeth Domestic Abuse MARAC Information Sharing Protocol"],
            ["h", 1, "1. Parties to the Agreement"],
            ["p", "Lambeth Council; Metropolitan Police Service; King's College Hospital NHS Foundation Trust"],
            ["h", 1, "2. Purpose"],
            ["p", "To share information about high-risk victims of domestic abuse at the MARAC so that a coordinated safety plan can be agreed."],
            ["h", 1, "3. Legal basis"],
            ["p", "Article 6 (1)(e) UK GDPR; Article 9(2)(g); Sch 1 para 18 (safeguarding of children and individuals at risk)."],
            ["h", 2, "3.1 Information to be shared"],
            ["p", "Names, addresses, dates of birth, health and ethnicity of victims and perpetrators."],
            ["h", 1, "4. Retention"],
            ["p", "MARAC minutes are kept for two years after the last meeting."],
            ["h", 1, "5. Signatures"],
            ["p", "Signed on behalf of Lambeth Council: Director of Children's Services, 12/05/2020"],
        ],
        facts={"title": "Lambeth Domestic Abuse MARAC Information Sharing Protocol", "parties_include": ["lambeth", "met-police"],
               "article6": {"e_public_task": "unspecified"}, "article9": {"g_substantial_public_interest": "unspecified"},
               "schedule1_part2": {"safeguarding_children_individuals_at_risk": "unspecified"},
               "personal_data_include": ["address", "date_of_birth", "name"], "special_category_data_include": ["health", "racial_ethnic_origin"],
               "retention_months": 24},
    ),
}


# ---------------------------------------------------------------- main

SAMPLES = [
    # name, agreement, marking style, writer
    ("mas-rows-deleted", "mas", "deleted", "python-docx"),
    ("mappa-party-names", "mappa", "names", "python-docx"),
    ("licensing-glyphs", "licensing", "glyph", "python-docx"),
    ("gvm-x-marks-libreoffice", "gvm", "x", "libreoffice"),
    ("mas-yes-no-pandoc", "mas", "yesno", "pandoc"),
    ("mappa-struck-rows", "mappa", "struck", "python-docx"),
    ("gvm-struck-pandoc", "gvm", "struck", "pandoc"),
    ("licensing-ticks-libreoffice", "licensing", "tick", "libreoffice"),
    ("mas-content-controls-word", "mas", "checkbox", "wordxml:sdt,tracked,fields,altcontent,blocksdt"),
    ("mappa-form-fields-word", "mappa", "formfield", "wordxml:formfield,tracked,constructs"),
    ("gvm-wingdings-word", "gvm", "checkbox", "wordxml:sym,fields"),
    ("licensing-unusual-main-part-word", "licensing", "names", "wordxml:tracked;main=word/main-document.xml"),
    ("mas-localised-styles-word", "mas", "names", "wordxml:fields;styles=Kop1,Kop2,Kop3:Kop 1,Kop 2,Kop 3"),
]


def main():
    os.makedirs(EXPECTED, exist_ok=True)
    only = set(sys.argv[1:])
    # The blank template.
    if not only or "template-blank" in only:
        write_python_docx(fill(None, None, blank=True), os.path.join(HERE, "template-blank.docx"))
        with open(os.path.join(EXPECTED, "template-blank.facts.json"), "w") as f:
            json.dump({"title": "Pan-London Data Sharing Agreement template", "article6": {}, "article9": {}, "schedule1_part1": {},
                       "schedule1_part2": {}, "schedule1_part3": {}, "schedule8": {}, "personal_data": [], "special_category_data": [],
                       "data_subjects": [], "part2": [], "part3": []}, f, indent=2, sort_keys=True)
            f.write("\n")
    for name, key, style, writer in SAMPLES:
        if only and name not in only:
            continue
        truth = AGREEMENTS[key]
        els = fill(truth, style)
        out = os.path.join(HERE, name + ".docx")
        if writer == "python-docx":
            write_python_docx(els, out)
        elif writer == "pandoc":
            write_pandoc(els, out)
        elif writer == "libreoffice":
            with tempfile.TemporaryDirectory() as tmp:
                src = os.path.join(tmp, name + ".docx")
                write_python_docx(els, src)
                libreoffice_roundtrip(src, out)
        elif writer.startswith("wordxml:"):
            spec = writer[len("wordxml:"):]
            parts = spec.split(";")
            features = set(parts[0].split(","))
            kwargs = {}
            for p in parts[1:]:
                k, v = p.split("=", 1)
                if k == "main":
                    kwargs["main_part"] = v
                elif k == "styles":
                    ids, names = v.split(":")
                    kwargs["heading_ids"] = tuple(ids.split(","))
                    kwargs["heading_names"] = tuple(names.split(","))
            write_wordxml(els, out, features, **kwargs)
        f = facts(truth, style)
        with open(os.path.join(EXPECTED, name + ".facts.json"), "w") as fh:
            json.dump(f, fh, indent=2, sort_keys=True, ensure_ascii=False)
            fh.write("\n")
    for name, p in PROTOCOLS.items():
        if only and name not in only:
            continue
        out = os.path.join(HERE, name + ".docx")
        if p["writer"] == "pandoc":
            write_pandoc(p["els"], out)
        else:
            write_python_docx(p["els"], out, heading_style=p["writer"] != "python-docx-bold")
        with open(os.path.join(EXPECTED, name + ".facts.json"), "w") as fh:
            json.dump(p["facts"], fh, indent=2, sort_keys=True, ensure_ascii=False)
            fh.write("\n")


if __name__ == "__main__":
    main()
