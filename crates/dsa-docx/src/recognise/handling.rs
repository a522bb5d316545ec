//! §4.3–§4.6: storing and handling information securely, processing outside the UK (its
//! table is in `appendices`), data quality, breaches and incidents.

use super::*;

/// Words that make a handling sentence a security standard.
const SECURITY_WORDS: &[&str] = &[
    "encrypt",
    "password",
    "access control",
    "rbac",
    "cyber essentials",
    "iso 27001",
    "security",
    "dsp toolkit",
    "business continuity",
];

impl Recogniser {
    /// §4.3: security standards, else handling.
    pub(super) fn security_line(&mut self, l: &Line) {
        let n = norm(l.residual);
        if SECURITY_WORDS.iter().any(|k| n.contains(k)) {
            append(
                &mut self.a.storage_and_security.security_standards,
                l.residual,
            );
            self.value(
                "/storage_and_security/security_standards",
                l.loc,
                l.text,
                None,
            );
        } else {
            append(&mut self.a.storage_and_security.handling, l.residual);
            self.value("/storage_and_security/handling", l.loc, l.text, None);
        }
    }

    /// §4.4 in prose.
    pub(super) fn outside_uk_line(&mut self, l: &Line) {
        let o = self
            .a
            .outside_uk_processing
            .get_or_insert_with(Default::default);
        append(&mut o.description, l.residual);
        self.value("/outside_uk_processing/description", l.loc, l.text, None);
    }

    /// §4.5.
    pub(super) fn data_quality_line(&mut self, l: &Line) {
        append(&mut self.a.data_quality, l.residual);
        self.value("/data_quality", l.loc, l.text, None);
    }

    /// §4.6.
    pub(super) fn breaches_line(&mut self, l: &Line) {
        append(&mut self.a.breaches, l.residual);
        self.value("/breaches", l.loc, l.text, None);
    }
}
