//! HTML escaping, in one place for every HTML page the toolkit writes (the rendered
//! agreement here; dsa-migrate's report and agreement pages): one pass over the bytes, as
//! every character escaped is ASCII.

/// Appends `t` escaped for HTML text and double-quoted attributes, line breaks as
/// `<br>`: one pass, no intermediate strings (a migration writes a page per agreement).
pub fn text_into(s: &mut String, t: &str) {
    // Every character escaped is ASCII, so bytes can be scanned (no UTF-8 decoding) and
    // the text cut at them.
    let mut from = 0;
    for (i, b) in t.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            b'\n' => "<br>",
            _ => continue,
        };
        s.push_str(&t[from..i]);
        s.push_str(rep);
        from = i + 1;
    }
    s.push_str(&t[from..]);
}

/// `s` escaped for HTML text and double-quoted attributes (`&`, `<`, `>`, `"`), line
/// breaks kept as they are (for attribute values and text where they do not matter).
pub fn attr(s: &str) -> String {
    if !s.bytes().any(|b| matches!(b, b'&' | b'<' | b'>' | b'"')) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(rep);
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let mut s = String::new();
        text_into(&mut s, "a<b>&\"c'\nd é");
        assert_eq!(s, "a&lt;b&gt;&amp;&quot;c&apos;<br>d é");
        assert_eq!(
            attr("x<y & \"z\" 'q'\n"),
            "x&lt;y &amp; &quot;z&quot; 'q'\n"
        );
        assert_eq!(attr("plain"), "plain");
    }
}
