#!/usr/bin/env python3
"""Generates the DSA register (tracker) samples with real writers: openpyxl, and
LibreOffice headless converting to .xlsx, .ods and Word-97-era .xls. Each register has a
different vocabulary and layout (banner rows, notes, blank spacer rows, hidden rows and
columns, archive sheets, the 1904 date system, text dates, serial numbers). The facts each
register is known to hold go to expected/<name>.facts.json.

Run: python3 samples/trackers/generate.py   (needs openpyxl and soffice)."""

import datetime as dt
import json
import os
import shutil
import subprocess
import tempfile

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))
EXP = os.path.join(HERE, "expected")


def d(y, m, day):
    return dt.datetime(y, m, day)


def save(wb, name):
    wb.properties.creator = "generate.py"
    wb.properties.created = dt.datetime(2024, 1, 1)
    wb.properties.modified = dt.datetime(2024, 1, 1)
    path = os.path.join(HERE, name)
    wb.save(path)
    return path


def convert(src, fmt, dest):
    with tempfile.TemporaryDirectory() as tmp:
        profile = "file://" + os.path.join(tmp, "profile")
        outdir = os.path.join(tmp, "out")
        subprocess.run(["soffice", "-env:UserInstallation=" + profile, "--headless", "--convert-to", fmt, "--outdir", outdir, src],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out = os.listdir(outdir)
        shutil.copy(os.path.join(outdir, out[0]), dest)


def facts(name, records):
    with open(os.path.join(EXP, name + ".facts.json"), "w") as f:
        json.dump(records, f, indent=2, ensure_ascii=False, sort_keys=True)
        f.write("\n")


def camden():
    """openpyxl: banner rows and merged title above the header, date cells, a hidden row,
    blank spacer rows, trailing notes, an 'Expired' sheet whose rows give no status."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Live DSAs"
    ws["A1"] = "London Borough of Camden — Information Governance"
    ws.merge_cells("A1:H1")
    ws["A2"] = "Register of Data Sharing Agreements (last updated March 2024)"
    ws.append([])
    ws.append(["DSA Title", "Ref", "Partner organisations", "Status", "Start date", "Next review", "Information Asset Owner", "Comments"])
    ws.append(["Multi-Agency Safeguarding Hub DSA", "CAM-001", "Metropolitan Police; Islington Council", "Live", d(2021, 4, 1), d(2024, 3, 31), "Head of MASH", "Published on ISG"])
    ws.append(["Licensing DSA", "CAM-002", "MPS", "Signed", d(2021, 6, 1), d(2023, 6, 1), "Licensing Manager", None])
    ws.append([])
    ws.append(["Gangs Violence Matrix DSA", "CAM-003", "Metropolitan Police Service and Probation Service", "Under review", d(2021, 5, 10), d(2022, 5, 10), "Community Safety Lead", "Review delayed"])
    ws.append(["Youth Offending Service DSA", "CAM-004", "Youth Justice Board, Whittington Health NHS Trust", "Draft", None, None, "YOS Manager", None])
    ws.row_dimensions[9].hidden = True
    ws.append([])
    ws.append(["Note: dates are the dates agreed by the Camden DPO; see the SharePoint site for signed copies."])
    old = wb.create_sheet("Expired")
    old.append(["DSA Title", "Ref", "Partner organisations", "Start date", "Next review"])
    old.append(["Troubled Families DSA", "CAM-OLD-1", "DWP", d(2015, 1, 1), d(2018, 1, 1)])
    save(wb, "camden-register.xlsx")
    facts("camden-register", [
        {"sheet": "Live DSAs", "row": 5, "title": "Multi-Agency Safeguarding Hub DSA", "reference": "CAM-001", "parties": ["islington", "met-police"], "status": "live", "publish_date": "2021-04-01", "review_date": "2024-03-31"},
        {"sheet": "Live DSAs", "row": 6, "title": "Licensing DSA", "reference": "CAM-002", "parties": ["met-police"], "status": "live", "publish_date": "2021-06-01", "review_date": "2023-06-01"},
        {"sheet": "Live DSAs", "row": 8, "title": "Gangs Violence Matrix DSA", "parties": ["met-police", "probation"], "status": "under_review"},
        {"sheet": "Live DSAs", "row": 9, "title": "Youth Offending Service DSA", "status": "draft", "hidden": True},
        {"sheet": "Expired", "row": 2, "title": "Troubled Families DSA", "status": "expired", "publish_date": "2015-01-01"},
    ])


def hackney():
    """openpyxl, 1904 date system: plain serial numbers and text dates ("31 March 2024",
    "Mar-24", "31/02/2024" impossible), a different vocabulary, an extra column."""
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Agreements"
    ws.append(["Agreement name", "Gateway ID", "Other parties", "Current status", "Date agreed", "Review Due", "Expiry", "Legal gateway", "RAG"])
    base = dt.date(1904, 1, 1)
    serial = (dt.date(2022, 2, 14) - base).days
    ws.append(["MAPPA information sharing", "ISG-1001", "Probation\nMetropolitan Police", "Active", serial, "31 March 2025", "N/A", "Criminal Justice Act 2003 s325; Article 6(1)(c)", "Green"])
    ws.append(["Anti-social behaviour case panel", "ISG-1002", "Hackney Homes, MPS", "In force", "01/04/2019", "Mar-24", "31/02/2024", "Art 6(1)(e) UK GDPR and section 115 Crime and Disorder Act 1998", "Amber"])
    ws.append(["Prevent referrals", "ISG-1003", "Counter Terrorism Policing", "lapsed", "2018-09-01", "2020-09-01", None, "Counter-Terrorism and Security Act 2015", "Red"])
    save(wb, "hackney-tracker.xlsx")
    facts("hackney-tracker", [
        {"sheet": "Agreements", "row": 2, "title": "MAPPA information sharing", "isg_reference": "ISG-1001", "parties": ["met-police", "probation"], "status": "live", "publish_date": "2022-02-14", "review_date": "2025-03-31", "termination": "ongoing", "article6": ["c_legal_obligation"]},
        {"sheet": "Agreements", "row": 3, "title": "Anti-social behaviour case panel", "status": "live", "publish_date": "2019-04-01", "review_date": "2024-03-01", "article6": ["e_public_task"], "extra": ["RAG", "Expiry"]},
        {"sheet": "Agreements", "row": 4, "title": "Prevent referrals", "status": "expired", "publish_date": "2018-09-01", "review_date": "2020-09-01"},
    ])


def lambeth():
    """LibreOffice → .ods: 'Name of agreement' vocabulary, an Archive sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Current"
    ws.append(["Lambeth Council DSA log"])
    ws.append(["Name of agreement", "DSA reference", "Partners", "State", "Effective from", "Date of next review", "Lead officer", "Where stored"])
    ws.append(["Domestic Abuse MARAC", "LAM-12", "MPS, King's College Hospital NHS Foundation Trust, Southwark Council", "Live", d(2020, 5, 12), d(2023, 5, 12), "VAWG Lead", "https://lambeth.sharepoint.example/dsa/LAM-12"])
    ws.append(["Integrated Offender Management", "LAM-13", "Probation Service", "Live", d(2022, 1, 10), d(2025, 1, 10), "IOM Lead", None])
    arch = wb.create_sheet("Archive")
    arch.append(["Name of agreement", "DSA reference", "Partners", "Effective from"])
    arch.append(["CCTV sharing (superseded)", "LAM-03", "Metropolitan Police", d(2012, 3, 1)])
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "lambeth.xlsx")
        wb.save(src)
        convert(src, "ods", os.path.join(HERE, "lambeth-dsa-log.ods"))
    facts("lambeth-dsa-log", [
        {"sheet": "Current", "row": 3, "title": "Domestic Abuse MARAC", "reference": "LAM-12", "parties": ["kings-college-hospital-nhs-foundation-trust", "met-police", "southwark"], "status": "live", "publish_date": "2020-05-12", "review_date": "2023-05-12"},
        {"sheet": "Current", "row": 4, "title": "Integrated Offender Management", "parties": ["probation"], "status": "live"},
        {"sheet": "Archive", "row": 2, "title": "CCTV sharing (superseded)", "status": "archived", "publish_date": "2012-03-01"},
    ])


def westminster():
    """LibreOffice → .xlsx (converted from an openpyxl workbook): a hidden column, text
    statuses in capitals, an unrecognised status, a row without a title."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Register"
    ws.append(["Title", "Reference", "Shared with", "Status", "Signed date", "Review date", "Internal cost code", "Notes"])
    ws.append(["Licensing enforcement", "WCC-L1", "Metropolitan Police Service", "SIGNED", d(2021, 6, 3), d(2023, 6, 3), "CC-4411", "Annual check"])
    ws.append(["Rough sleeping outreach", "WCC-R7", "St Mungo's; Central and North West London NHS Foundation Trust", "Blue", d(2020, 11, 1), d(2022, 11, 1), "CC-5120", None])
    ws.append([None, "WCC-X9", "Kensington & Chelsea", "Draft", None, None, None, "Title to be confirmed"])
    ws.column_dimensions["G"].hidden = True
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "wcc.xlsx")
        wb.save(src)
        convert(src, "xlsx:Calc MS Excel 2007 XML", os.path.join(HERE, "westminster-register.xlsx"))
    facts("westminster-register", [
        {"sheet": "Register", "row": 2, "title": "Licensing enforcement", "reference": "WCC-L1", "parties": ["met-police"], "status": "live", "review_date": "2023-06-03", "signed_on": "2021-06-03"},
        {"sheet": "Register", "row": 3, "title": "Rough sleeping outreach", "extra": ["Internal cost code", "Status"]},
        {"sheet": "Register", "row": 4, "reference": "WCC-X9", "parties": ["kensington-and-chelsea"], "status": "draft"},
    ])


def islington():
    """LibreOffice → .xls (Excel 97-2003)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DSAs"
    ws.append(["DSA name", "ISG ref", "Parties", "Status", "Start date", "Review by", "IAO"])
    ws.append(["MASH", "ISG-77", "Camden Council, MPS", "Live", d(2021, 4, 1), d(2024, 4, 1), "Director of Children's Services"])
    ws.append(["Supporting Families", "ISG-78", "DWP, Islington Council", "Under Review", d(2019, 7, 1), d(2022, 7, 1), "Early Help Lead"])
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "isl.xlsx")
        wb.save(src)
        convert(src, "xls:MS Excel 97", os.path.join(HERE, "islington-register.xls"))
    facts("islington-register", [
        {"sheet": "DSAs", "row": 2, "title": "MASH", "isg_reference": "ISG-77", "parties": ["camden", "met-police"], "status": "live", "publish_date": "2021-04-01", "review_date": "2024-04-01"},
        {"sheet": "DSAs", "row": 3, "title": "Supporting Families", "status": "under_review"},
    ])


def southwark():
    """openpyxl with headings no vocabulary knows: imported with a profile
    (southwark-register.profile.toml)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["Thing we share", "Who with", "When it started", "Look again on", "Whose"])
    ws.append(["Adult safeguarding", "Metropolitan Police; Lambeth", d(2020, 2, 1), d(2023, 2, 1), "Adult Social Care"])
    ws.append(["Serious Violence Duty", "Probation; London Fire Brigade", d(2023, 1, 31), d(2024, 1, 31), "Community Safety"])
    save(wb, "southwark-register.xlsx")
    with open(os.path.join(HERE, "southwark-register.profile.toml"), "w") as f:
        f.write('# Southwark\'s register uses its own headings.\nheader_row = 1\n\n[columns]\n"Thing we share" = "title"\n"Who with" = "parties"\n"When it started" = "publish_date"\n"Look again on" = "review_date"\n"Whose" = "owner"\n')
    facts("southwark-register", [
        {"sheet": "Sheet1", "row": 2, "title": "Adult safeguarding", "parties": ["lambeth", "met-police"], "publish_date": "2020-02-01", "review_date": "2023-02-01"},
        {"sheet": "Sheet1", "row": 3, "title": "Serious Violence Duty", "parties": ["london-fire-brigade", "probation"]},
    ])


if __name__ == "__main__":
    os.makedirs(EXP, exist_ok=True)
    camden()
    hackney()
    lambeth()
    westminster()
    islington()
    southwark()
