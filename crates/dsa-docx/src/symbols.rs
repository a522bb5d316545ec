//! Symbol fonts to Unicode. Word writes a symbol either as `w:sym` (font and code) or as
//! text in a run whose font is Symbol, Wingdings or Webdings, the code a Latin-1 or
//! private-use (U+F0xx) character. Read as text, "" in Symbol would be "Ú" and a
//! Wingdings tick "ü": each code is mapped to the Unicode character it shows. Symbol's
//! whole encoding (Adobe's, as Unicode's SYMBOL.TXT maps it) is here; for Wingdings the
//! characters these documents use (boxes, ticks, bullets, arrows, hands, office
//! symbols); a code without a Unicode equivalent here is kept as the font's private-use
//! character, never as a Latin letter.

/// A symbol font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolFont {
    Symbol,
    Wingdings,
    Webdings,
}

impl SymbolFont {
    /// The symbol font a font name is, if any ("Wingdings 2" and "Wingdings 3" are
    /// other fonts, with other codes: only their boxes and ticks are known here).
    pub fn of(name: &str) -> Option<SymbolFont> {
        let n = name.trim().to_ascii_lowercase();
        if n == "symbol" {
            Some(SymbolFont::Symbol)
        } else if n.starts_with("wingdings") {
            Some(SymbolFont::Wingdings)
        } else if n.starts_with("webdings") {
            Some(SymbolFont::Webdings)
        } else {
            None
        }
    }
}

/// Adobe Symbol encoding, 0x20–0xFE (None where the code is unassigned).
fn symbol(code: u32) -> Option<char> {
    let c = match code {
        0x20..=0x21
        | 0x23
        | 0x25
        | 0x26
        | 0x28
        | 0x29
        | 0x2B
        | 0x2C
        | 0x2E..=0x3F
        | 0x5B
        | 0x5D
        | 0x5F
        | 0x7B..=0x7D => return char::from_u32(code),
        0x22 => '∀',
        0x24 => '∃',
        0x27 => '∋',
        0x2A => '∗',
        0x2D => '−',
        0x40 => '≅',
        0x41 => 'Α',
        0x42 => 'Β',
        0x43 => 'Χ',
        0x44 => 'Δ',
        0x45 => 'Ε',
        0x46 => 'Φ',
        0x47 => 'Γ',
        0x48 => 'Η',
        0x49 => 'Ι',
        0x4A => 'ϑ',
        0x4B => 'Κ',
        0x4C => 'Λ',
        0x4D => 'Μ',
        0x4E => 'Ν',
        0x4F => 'Ο',
        0x50 => 'Π',
        0x51 => 'Θ',
        0x52 => 'Ρ',
        0x53 => 'Σ',
        0x54 => 'Τ',
        0x55 => 'Υ',
        0x56 => 'ς',
        0x57 => 'Ω',
        0x58 => 'Ξ',
        0x59 => 'Ψ',
        0x5A => 'Ζ',
        0x5C => '∴',
        0x5E => '⊥',
        0x60 => '‾',
        0x61 => 'α',
        0x62 => 'β',
        0x63 => 'χ',
        0x64 => 'δ',
        0x65 => 'ε',
        0x66 => 'φ',
        0x67 => 'γ',
        0x68 => 'η',
        0x69 => 'ι',
        0x6A => 'ϕ',
        0x6B => 'κ',
        0x6C => 'λ',
        0x6D => 'μ',
        0x6E => 'ν',
        0x6F => 'ο',
        0x70 => 'π',
        0x71 => 'θ',
        0x72 => 'ρ',
        0x73 => 'σ',
        0x74 => 'τ',
        0x75 => 'υ',
        0x76 => 'ϖ',
        0x77 => 'ω',
        0x78 => 'ξ',
        0x79 => 'ψ',
        0x7A => 'ζ',
        0x7E => '∼',
        0xA0 => '€',
        0xA1 => 'ϒ',
        0xA2 => '′',
        0xA3 => '≤',
        0xA4 => '⁄',
        0xA5 => '∞',
        0xA6 => 'ƒ',
        0xA7 => '♣',
        0xA8 => '♦',
        0xA9 => '♥',
        0xAA => '♠',
        0xAB => '↔',
        0xAC => '←',
        0xAD => '↑',
        0xAE => '→',
        0xAF => '↓',
        0xB0 => '°',
        0xB1 => '±',
        0xB2 => '″',
        0xB3 => '≥',
        0xB4 => '×',
        0xB5 => '∝',
        0xB6 => '∂',
        0xB7 => '•',
        0xB8 => '÷',
        0xB9 => '≠',
        0xBA => '≡',
        0xBB => '≈',
        0xBC => '…',
        0xBD => '⏐',
        0xBE => '⎯',
        0xBF => '↵',
        0xC0 => 'ℵ',
        0xC1 => 'ℑ',
        0xC2 => 'ℜ',
        0xC3 => '℘',
        0xC4 => '⊗',
        0xC5 => '⊕',
        0xC6 => '∅',
        0xC7 => '∩',
        0xC8 => '∪',
        0xC9 => '⊃',
        0xCA => '⊇',
        0xCB => '⊄',
        0xCC => '⊂',
        0xCD => '⊆',
        0xCE => '∈',
        0xCF => '∉',
        0xD0 => '∠',
        0xD1 => '∇',
        0xD2 | 0xE2 => '®',
        0xD3 | 0xE3 => '©',
        0xD4 | 0xE4 => '™',
        0xD5 => '∏',
        0xD6 => '√',
        0xD7 => '⋅',
        0xD8 => '¬',
        0xD9 => '∧',
        0xDA => '∨',
        0xDB => '⇔',
        0xDC => '⇐',
        0xDD => '⇑',
        0xDE => '⇒',
        0xDF => '⇓',
        0xE0 => '◊',
        0xE1 => '〈',
        0xE5 => '∑',
        0xE6 => '⎛',
        0xE7 => '⎜',
        0xE8 => '⎝',
        0xE9 => '⎡',
        0xEA => '⎢',
        0xEB => '⎣',
        0xEC => '⎧',
        0xED => '⎨',
        0xEE => '⎩',
        0xEF => '⎪',
        0xF1 => '〉',
        0xF2 => '∫',
        0xF3 => '⌠',
        0xF4 => '⎮',
        0xF5 => '⌡',
        0xF6 => '⎞',
        0xF7 => '⎟',
        0xF8 => '⎠',
        0xF9 => '⎤',
        0xFA => '⎥',
        0xFB => '⎦',
        0xFC => '⎫',
        0xFD => '⎬',
        0xFE => '⎭',
        _ => return None,
    };
    Some(c)
}

/// Wingdings: the characters agreements use.
fn wingdings(code: u32) -> Option<char> {
    Some(match code {
        0x20 => ' ',
        0x21 => '✏',
        0x22 => '✂',
        0x23 => '✁',
        0x28 => '☎',
        0x29 => '✆',
        0x2A => '✉',
        0x36 => '⌛',
        0x37 => '⌨',
        0x3E => '✇',
        0x3F => '✍',
        0x41 => '✌',
        0x45 => '☜',
        0x46 => '☞',
        0x47 => '☝',
        0x48 => '☟',
        0x4A => '☺',
        0x4C => '☹',
        0x4E => '☠',
        0x4F => '⚐',
        0x51 => '✈',
        0x52 => '☼',
        0x54 => '❄',
        0x58 => '✠',
        0x59 => '✡',
        0x5A => '☪',
        0x5B => '☯',
        0x5C => 'ॐ',
        0x5D => '☸',
        0x5E => '♈',
        0x5F => '♉',
        0x60 => '♊',
        0x61 => '♋',
        0x62 => '♌',
        0x63 => '♍',
        0x64 => '♎',
        0x65 => '♏',
        0x66 => '♐',
        0x67 => '♑',
        0x68 => '♒',
        0x69 => '♓',
        0x6C => '●',
        0x6D => '❍',
        0x6E => '■',
        0x6F => '□',
        0x71 => '❑',
        0x72 => '❒',
        0x73 => '⬧',
        0x74 => '⧫',
        0x75 => '◆',
        0x76 => '❖',
        0x77 => '⬥',
        0x78 => '☒',
        0x7B => '❀',
        0x7C => '✿',
        0x7D => '❝',
        0x7E => '❞',
        0x80 => '⓪',
        0x81 => '①',
        0x82 => '②',
        0x83 => '③',
        0x84 => '④',
        0x85 => '⑤',
        0x86 => '⑥',
        0x87 => '⑦',
        0x88 => '⑧',
        0x89 => '⑨',
        0x8A => '⑩',
        0x8B => '⓿',
        0x8C => '❶',
        0x8D => '❷',
        0x8E => '❸',
        0x8F => '❹',
        0x90 => '❺',
        0x91 => '❻',
        0x92 => '❼',
        0x93 => '❽',
        0x94 => '❾',
        0x95 => '❿',
        0x9E => '·',
        0x9F => '•',
        0xA0 => '▪',
        0xA1 => '○',
        0xA4 => '◉',
        0xA5 => '◎',
        0xA7 => '▪',
        0xA8 => '☐',
        0xAA => '✦',
        0xAB => '★',
        0xAC => '✶',
        0xAE => '✹',
        0xB1 => '⌖',
        0xB2 => '⟡',
        0xB3 => '⌑',
        0xD5 => '⌫',
        0xD6 => '⌦',
        0xD8 => '➢',
        0xDF => '←',
        0xE0 => '→',
        0xE1 => '↑',
        0xE2 => '↓',
        0xE8 => '➔',
        0xEF => '⇦',
        0xF0 => '⇨',
        0xF1 => '⇧',
        0xF2 => '⇩',
        0xF3 => '⬄',
        0xF4 => '⇳',
        0xFB => '✗',
        0xFC => '✓',
        0xFD => '☒',
        0xFE => '☑',
        _ => return None,
    })
}

/// Webdings: the few characters with plain equivalents.
fn webdings(code: u32) -> Option<char> {
    Some(match code {
        0x20 => ' ',
        0x61 => '✓',
        0x72 => '✗',
        0x3D => '■',
        0x63 => '☐',
        _ => return None,
    })
}

/// The character a symbol-font code shows: its Unicode equivalent, else the font's
/// private-use character (U+F000 + code), never the Latin-1 letter with that code.
pub fn to_unicode(font: SymbolFont, code: u32) -> Option<char> {
    let low = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    if low > 0xFF {
        return char::from_u32(code);
    }
    // Control codes, and 0x80–0x9F, which none of these fonts assigns in Word's encoding:
    // nothing to show (as a Latin-1 reading would show nothing either).
    if low < 0x20 || (0x7F..=0x9F).contains(&low) && font == SymbolFont::Symbol {
        return None;
    }
    let mapped = match font {
        SymbolFont::Symbol => symbol(low),
        SymbolFont::Wingdings => wingdings(low),
        SymbolFont::Webdings => webdings(low),
    };
    mapped.or_else(|| char::from_u32(0xF000 + low))
}

/// Text in a symbol font, each character mapped.
pub fn map_text(font: SymbolFont, s: &str) -> String {
    s.chars()
        .map(|c| to_unicode(font, c as u32).unwrap_or(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbol_codes_are_their_characters_not_latin_letters() {
        assert_eq!(to_unicode(SymbolFont::Symbol, 0xF0B7), Some('•'));
        assert_eq!(to_unicode(SymbolFont::Symbol, 0xDA), Some('∨'));
        assert_eq!(to_unicode(SymbolFont::Symbol, 0x61), Some('α'));
        assert_eq!(map_text(SymbolFont::Symbol, "a£b"), "α≤β");
        assert_eq!(to_unicode(SymbolFont::Wingdings, 0xF0FC), Some('✓'));
        assert_eq!(to_unicode(SymbolFont::Wingdings, 0xA8), Some('☐'));
        assert_eq!(to_unicode(SymbolFont::Wingdings, 0xFE), Some('☑'));
        // Unknown here: the private-use character, not "ÿ".
        assert_eq!(to_unicode(SymbolFont::Webdings, 0xFF), Some('\u{F0FF}'));
        assert_eq!(to_unicode(SymbolFont::Symbol, 0xF094), None);
        assert_eq!(SymbolFont::of("Wingdings 2"), Some(SymbolFont::Wingdings));
        assert_eq!(SymbolFont::of("Arial"), None);
    }
}
