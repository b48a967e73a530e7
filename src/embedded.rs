//! The chronology that ships inside the binary, so `sourceline` runs from any folder with no
//! arguments. The YAML and its source are the files in `data/` and `seeds/`, embedded verbatim.

/// How messages name the embedded chronology.
pub const NAME: &str = "data/iran-us.yaml (embedded)";
/// The shipped chronology's YAML.
pub const YAML: &str = include_str!("../data/iran-us.yaml");
/// The seed article, as the YAML's `path` names it.
pub const SOURCES: &[(&str, &str)] = &[(
    "../seeds/reuters-us-warned-iran-2024-01.txt",
    include_str!("../seeds/reuters-us-warned-iran-2024-01.txt"),
)];
