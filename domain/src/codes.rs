//! Closed lists stored by code and shown by label: one declaration gives the enum, its
//! stable code (what the database, URLs and JSON carry), its French label and its order.

/// Declares a closed list: `code_enum! { pub enum Stade { Enregistre = ("enregistre",
/// "Enregistré"), … } }`. The enum serialises as its code; `parse` reads a code back;
/// `ALL` lists the variants in the declared order (the order screens and exports use).
/// No `Display`: a format string says which it wants, `code()` or `label()`.
/// A variant may accept former codes when read (`= ("a_juger", "À juger") | "A"`). A list
/// declared `enum Name by_name { … }` crosses the wire by variant name instead.
#[macro_export]
macro_rules! code_enum {
    // On the wire by variant name (a list that crossed the API before its codes were fixed);
    // stored by code. Both are read back.
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident by_name {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = ($code:literal, $label:literal)
            ),+ $(,)?
        }
    ) => {
        $crate::code_enum!(@common $(#[$meta])* $vis $name { $($(#[$vmeta])* $variant = ($code, $label)),+ });

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(match self {
                    $(Self::$variant => stringify!($variant)),+
                })
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                match &*s {
                    $(stringify!($variant) | $code => Ok(Self::$variant),)+
                    _ => Err(::serde::de::Error::unknown_variant(&s, &[$(stringify!($variant)),+])),
                }
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({ "type": "string", "enum": [$(stringify!($variant)),+] })
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = ($code:literal, $label:literal) $(| $former:literal)*
            ),+ $(,)?
        }
    ) => {
        $crate::code_enum!(@common $(#[$meta])* $vis $name { $($(#[$vmeta])* $variant = ($code, $label) $(| $former)*),+ });

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                Self::parse(&code).ok_or_else(|| {
                    ::serde::de::Error::unknown_variant(&code, &[$($code),+])
                })
            }
        }

        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({ "type": "string", "enum": [$($code),+] })
            }
        }
    };
    (@common
        $(#[$meta:meta])*
        $vis:vis $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = ($code:literal, $label:literal) $(| $former:literal)*
            ),+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in the declared order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stable code stored and sent.
            pub const fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code),+
                }
            }

            /// The French label shown.
            pub const fn label(self) -> &'static str {
                match self {
                    $(Self::$variant => $label),+
                }
            }

            /// The value of a code (or of a former code), if it is one.
            pub fn parse(code: &str) -> Option<Self> {
                match code {
                    $($code $(| $former)* => Some(Self::$variant),)+
                    _ => None,
                }
            }

            /// `(code, label)` of every value, in order, for selects and filters.
            pub fn options() -> impl Iterator<Item = (&'static str, &'static str)> {
                Self::ALL.iter().map(|v| (v.code(), v.label()))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    code_enum! {
        enum Couleur {
            Bleu = ("bleu", "Bleu"),
            Rouge = ("rouge", "Rouge") | "R",
        }
    }

    #[test]
    fn codes_labels_and_former_codes() {
        assert_eq!(Couleur::ALL, &[Couleur::Bleu, Couleur::Rouge]);
        assert_eq!(Couleur::Rouge.code(), "rouge");
        assert_eq!(Couleur::Rouge.label(), "Rouge");
        assert_eq!(Couleur::parse("R"), Some(Couleur::Rouge));
        assert_eq!(Couleur::parse("vert"), None);
        assert_eq!(serde_json::to_string(&Couleur::Bleu).unwrap(), "\"bleu\"");
        assert_eq!(serde_json::from_str::<Couleur>("\"R\"").unwrap(), Couleur::Rouge);
        assert!(serde_json::from_str::<Couleur>("\"vert\"").is_err());
        let options: Vec<_> = Couleur::options().collect();
        assert_eq!(options, [("bleu", "Bleu"), ("rouge", "Rouge")]);
    }
}
