//! Which command opens a file at a line in the user's editor: a pure decision, run by the
//! viewer.
//!
//! The editor is `$VISUAL`, else `$EDITOR`, else `vi`, split into words as a shell would
//! (`EDITOR="code --wait"`) but never run through a shell. Each editor family takes the line its
//! own way: `+LINE FILE` (vi, vim, nvim, nano, emacs, micro, kak), `FILE:LINE` (helix),
//! `-g FILE:LINE` (code, codium); any other editor gets the file alone.
//!
//! The file name is attacker-chosen (a source's `path` comes from the chronology), and editors
//! read arguments as commands (`vi '+:!touch pwned'`) or options (`-c`). So the file is always
//! passed as an absolute path, which starts with `/` and so can be neither, and after `--` for
//! the editors that take it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// A program and its arguments, ready for `std::process::Command` (no shell involved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorCommand {
    pub program: String,
    pub args: Vec<OsString>,
}

/// Why the editor command cannot be run; shown in the status bar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditorError {
    /// The command line does not split into words (a quote left open).
    #[error("cannot read the editor command {command:?}: {why}")]
    Unsplittable {
        command: String,
        why: shell_words::ParseError,
    },
    /// Only white space: there is no program to run.
    #[error("the editor command is empty; set $VISUAL or $EDITOR")]
    Empty,
}

/// How an editor takes a line number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineStyle {
    /// `+LINE FILE`; `dashdash`: the editor also ends options at `--`.
    Plus { dashdash: bool },
    /// `FILE:LINE`.
    Suffix,
    /// `-g FILE:LINE`.
    Goto,
    /// The file alone.
    None,
}

fn line_style(program: &str) -> LineStyle {
    let name = Path::new(program)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(program);
    let name = name.strip_suffix(".exe").unwrap_or(name);
    match name {
        "vi" | "vim" | "nvim" | "gvim" | "mvim" | "view" | "nano" | "pico" | "rnano" => {
            LineStyle::Plus { dashdash: true }
        }
        "emacs" | "emacsclient" | "micro" | "kak" | "mg" | "jed" | "joe" | "ne" => {
            LineStyle::Plus { dashdash: false }
        }
        "hx" | "helix" => LineStyle::Suffix,
        "code" | "codium" | "code-insiders" | "cursor" | "vscodium" => LineStyle::Goto,
        _ => LineStyle::None,
    }
}

/// The editor the user chose: `$VISUAL`, else `$EDITOR`, else `vi` (empty values skipped).
#[must_use]
pub fn chosen(visual: Option<&str>, editor: Option<&str>) -> String {
    [visual, editor]
        .into_iter()
        .flatten()
        .find(|v| !v.trim().is_empty())
        .unwrap_or("vi")
        .to_string()
}

/// The command that opens `file` at `line` (1-based) in `editor` (a command line such as
/// `code --wait`). A relative `file` is made absolute against `cwd`.
///
/// # Errors
/// An editor command that cannot be split into words (an unclosed quote), or an empty one.
pub fn command(
    editor: &str,
    file: &Path,
    line: Option<usize>,
    cwd: &Path,
) -> Result<EditorCommand, EditorError> {
    let mut words = shell_words::split(editor)
        .map_err(|why| EditorError::Unsplittable {
            command: editor.to_string(),
            why,
        })?
        .into_iter();
    let program = words.next().ok_or(EditorError::Empty)?;
    let mut args: Vec<OsString> = words.map(OsString::from).collect();
    let file = absolute(file, cwd);
    let with_line = |file: &Path, line: usize| {
        let mut s = file.as_os_str().to_os_string();
        s.push(format!(":{line}"));
        s
    };
    match (line_style(&program), line) {
        (LineStyle::Plus { dashdash }, Some(line)) => {
            args.push(format!("+{line}").into());
            if dashdash {
                args.push("--".into());
            }
            args.push(file.into_os_string());
        }
        (LineStyle::Plus { dashdash: true }, None) => {
            args.push("--".into());
            args.push(file.into_os_string());
        }
        (LineStyle::Suffix, Some(line)) => args.push(with_line(&file, line)),
        (LineStyle::Goto, Some(line)) => {
            args.push("-g".into());
            args.push(with_line(&file, line));
        }
        _ => args.push(file.into_os_string()),
    }
    Ok(EditorCommand { program, args })
}

/// `file` as an absolute path: it then starts with the root, so no editor can take it for an
/// option (`-c`) or a command (`+:!cmd`).
fn absolute(file: &Path, cwd: &Path) -> PathBuf {
    if file.is_absolute() {
        file.to_path_buf()
    } else {
        std::path::absolute(cwd.join(file)).unwrap_or_else(|_| cwd.join(file))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(editor: &str, file: &str, line: Option<usize>) -> (String, Vec<String>) {
        let c = command(editor, Path::new(file), line, Path::new("/work")).unwrap();
        (
            c.program,
            c.args
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect(),
        )
    }

    #[test]
    fn each_family_gets_the_line_its_way() {
        assert_eq!(
            args("vim", "c.yaml", Some(12)),
            (
                "vim".into(),
                vec!["+12".into(), "--".into(), "/work/c.yaml".into()]
            )
        );
        assert_eq!(
            args("/usr/bin/nano", "c.yaml", Some(3)).1,
            ["+3", "--", "/work/c.yaml"]
        );
        assert_eq!(
            args("emacs -nw", "c.yaml", Some(3)).1,
            ["-nw", "+3", "/work/c.yaml"]
        );
        assert_eq!(args("kak", "c.yaml", Some(3)).1, ["+3", "/work/c.yaml"]);
        assert_eq!(args("hx", "c.yaml", Some(3)).1, ["/work/c.yaml:3"]);
        assert_eq!(
            args("code --wait", "c.yaml", Some(7)),
            (
                "code".into(),
                vec!["--wait".into(), "-g".into(), "/work/c.yaml:7".into()]
            )
        );
        assert_eq!(args("gedit", "c.yaml", Some(7)).1, ["/work/c.yaml"]);
        assert_eq!(args("vi", "c.yaml", None).1, ["--", "/work/c.yaml"]);
    }

    #[test]
    fn hostile_file_names_reach_the_editor_as_absolute_paths() {
        for name in ["+:!touch pwned", "-c", "--cmd=x", "+1"] {
            for editor in ["vi", "emacs", "hx", "code", "kak", "ed"] {
                let (_, a) = args(editor, name, Some(2));
                let file = a.last().unwrap();
                assert!(file.starts_with("/work/"), "{editor} {name}: {a:?}");
                assert!(
                    !a.iter().any(|x| x == name),
                    "{editor} got {name:?} bare: {a:?}"
                );
            }
        }
    }

    #[test]
    fn the_editor_is_visual_then_editor_then_vi() {
        assert_eq!(chosen(Some("nvim"), Some("nano")), "nvim");
        assert_eq!(chosen(Some(" "), Some("nano")), "nano");
        assert_eq!(chosen(None, None), "vi");
    }

    #[test]
    fn a_broken_editor_command_is_an_error_not_a_panic() {
        let err = command("code \"--wait", Path::new("x"), None, Path::new("/")).unwrap_err();
        assert!(
            matches!(&err, EditorError::Unsplittable { command, .. } if command == "code \"--wait"),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "cannot read the editor command \"code \\\"--wait\": missing closing quote"
        );
        let err = command("   ", Path::new("x"), None, Path::new("/")).unwrap_err();
        assert_eq!(err, EditorError::Empty);
        assert_eq!(
            err.to_string(),
            "the editor command is empty; set $VISUAL or $EDITOR"
        );
    }
}
