#!/usr/bin/env python3
"""Builds the demo backlog: laid out as boroughs keep their agreements, a folder per
borough with its Word documents (written by Word-style XML, python-docx, LibreOffice and
pandoc: copies of samples/docx) and, in some, the borough's register (openpyxl .xlsx and a
CSV saved as Excel does), a pan-London tracker at the top, and one document that cannot
be read (a damaged download). `dsa migrate samples/backlog` shows register rows joined to
their documents, a conflict between a register and a document, register rows with no
document, the failure with its reason, and the report.

Run: python3 samples/generate_backlog.py   (needs openpyxl)."""

import csv
import datetime as dt
import os
import shutil

import openpyxl

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "backlog")
DOCX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "docx")


def copy(src, dest):
    path = os.path.join(HERE, dest)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    shutil.copyfile(os.path.join(DOCX, src), path)


def workbook(path, header, rows, banner=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Agreements"
    if banner:
        ws.append([banner])
        ws.append([])
    ws.append(header)
    for r in rows:
        ws.append(r)
    for col in "ABCDEFGH":
        ws.column_dimensions[col].width = 28
    wb.properties.creator = "generate.py"
    wb.properties.created = dt.datetime(2024, 1, 1)
    wb.properties.modified = dt.datetime(2024, 1, 1)
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    wb.save(full)


def main():
    for d in os.listdir(HERE):
        if os.path.isdir(os.path.join(HERE, d)):
            shutil.rmtree(os.path.join(HERE, d))
    # Documents, by the writer that made them.
    copy("protocol-camden-asb.docx", "camden/asb-information-sharing-protocol.docx")  # python-docx
    copy("mas-content-controls-word.docx", "camden/mash-dsa-camden-islington.docx")  # Word XML
    copy("mas-yes-no-pandoc.docx", "islington/mash-dsa-signed-copy.docx")  # pandoc
    copy("protocol-hackney-pandoc.docx", "hackney/iom-isa-2021.docx")  # pandoc
    copy("licensing-ticks-libreoffice.docx", "hackney/licensing-dsa.docx")  # LibreOffice
    copy("protocol-lambeth-bold.docx", "lambeth/marac-protocol.docx")  # python-docx
    copy("gvm-x-marks-libreoffice.docx", "newham/gangs-violence-matrix-dsa.docx")  # LibreOffice
    # A download cut short: it fails, with its reason, and the rest still migrates.
    with open(os.path.join(DOCX, "mappa-struck-rows.docx"), "rb") as f:
        data = f.read()
    with open(os.path.join(HERE, "lambeth/mappa-dsa-download.docx"), "wb") as f:
        f.write(data[: len(data) // 2])

    # Camden's register (openpyxl): both documents, one with a review date that
    # disagrees with the document's, and an agreement whose document is not on file.
    workbook(
        "camden/camden-dsa-register.xlsx",
        ["DSA title", "Ref", "Partner organisations", "Status", "Date agreed", "Next review", "Lawful basis", "IAO"],
        [
            ["Camden Anti-Social Behaviour Information Sharing Protocol", "CAM-ASB-01",
             "Metropolitan Police; Camden Council", "Live", dt.date(2017, 4, 1), dt.date(2021, 3, 31),
             "6(1)(e); Crime and Disorder Act 1998 s.115", "Head of Community Safety"],
            ["Multi-Agency Safeguarding Data Sharing Agreement — Camden and Islington", "CAM-MASH-02",
             "Islington Council; Metropolitan Police; NHS North Central London", "Live",
             dt.date(2021, 4, 1), dt.date(2024, 3, 31), "6(1)(e), 9(2)(g)", "Director of Children's Services"],
            ["Camden Youth Offending Service Information Sharing Agreement", "CAM-YOS-03",
             "Probation Service; Metropolitan Police", "Under review", dt.date(2019, 9, 1),
             dt.date(2022, 9, 1), "6(1)(e)", "YOS Manager"],
        ],
        banner="London Borough of Camden — register of data sharing agreements",
    )
    # Hackney's register, saved by Excel as "CSV UTF-8" (a byte-order mark, CRLF).
    with open(os.path.join(HERE, "hackney/hackney-dsa-tracker.csv"), "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow(["Agreement name", "Reference", "Partners", "Status", "Start date", "Review date", "Legal basis"])
        w.writerow(["Hackney Integrated Offender Management Information Sharing Agreement", "HAC-IOM-7",
                    "Probation Service, Metropolitan Police", "Live", "01/10/2021", "01/10/2024",
                    "UK GDPR Art 6(1)(e); DPA 2018 Sch 1 Pt 2 para 10"])
        w.writerow(["Licensing Data Sharing Agreement", "HAC-LIC-2", "Metropolitan Police", "Live",
                    "01/06/2021", "01/06/2023", "6(1)(e)"])
    # The pan-London tracker at the top of the backlog.
    workbook(
        "pan-london-tracker.xlsx",
        ["DSA title", "ISG ref", "DSA type", "Partner organisations", "Status", "Next review"],
        [
            ["MAPPA Data Sharing Agreement — South London", "ISG-10231", "MAPPA",
             "Lambeth; Southwark; Probation Service; Metropolitan Police", "Live", dt.date(2025, 2, 14)],
            ["Gangs Violence Matrix Data Sharing Agreement — Newham and Tower Hamlets", "ISG-10877",
             "Gangs Violence Matrix", "Newham; Tower Hamlets; Metropolitan Police", "Suspended", dt.date(2022, 5, 10)],
        ],
        banner="Pan-London DSA tracker",
    )


if __name__ == "__main__":
    main()
