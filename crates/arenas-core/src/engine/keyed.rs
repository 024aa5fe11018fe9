//! `keyed_enum!`: enums whose values have fixed ids in files and on the command line.

/// Declares an enum with serde ids, `ALL` in declaration order, `id()` and `from_id()`.
macro_rules! keyed_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $id:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $var),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The id used in files and on the command line.
            pub fn id(self) -> &'static str {
                match self { $($name::$var => $id),+ }
            }

            /// The value for a file id.
            pub fn from_id(id: &str) -> Option<$name> {
                match id { $($id => Some($name::$var),)+ _ => None }
            }
        }
    };
}
