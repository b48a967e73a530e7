//! One table maps keys to actions per context; dispatch, the help overlay, the status-bar hints
//! and the README's key table are all generated from it, so they cannot drift apart.

use std::fmt;
use std::fmt::Write as _;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where a binding applies. Pane contexts are tried before `Global`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// Any pane, when no overlay is open.
    Global,
    Timeline,
    Event,
    Source,
    /// The source pane with a passage selected.
    Selection,
    Help,
    Chooser,
    /// The actor or tag picker; other characters narrow the list.
    Picker,
    /// The search and date prompts; other characters are typed.
    Prompt,
    /// The problems of a failed load.
    Problems,
    /// The lanes view, in the timeline's place.
    Lanes,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Timeline => "Timeline pane",
            Context::Event => "Event pane",
            Context::Source => "Source pane",
            Context::Selection => "Source pane, with a passage selected",
            Context::Help => "Help",
            Context::Chooser => "Chooser",
            Context::Picker => "Actor and tag picker (type to narrow)",
            Context::Prompt => "Search and date prompts (type the text)",
            Context::Problems => "Problems pane",
            Context::Lanes => "Lanes view",
        }
    }

    /// The contexts a key is looked up in while this one is active, in order: a pane falls
    /// back to the global bindings, an overlay has only its own.
    pub fn chain(self) -> &'static [Context] {
        match self {
            Context::Timeline => &[Context::Timeline, Context::Global],
            Context::Event => &[Context::Event, Context::Global],
            Context::Source => &[Context::Source, Context::Global],
            Context::Selection => &[Context::Selection, Context::Source, Context::Global],
            Context::Global => &[Context::Global],
            Context::Help => &[Context::Help],
            Context::Chooser => &[Context::Chooser],
            Context::Picker => &[Context::Picker],
            Context::Prompt => &[Context::Prompt],
            Context::Problems => &[Context::Problems],
            Context::Lanes => &[Context::Lanes, Context::Global],
        }
    }
}

/// A key with its modifiers, as the table writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

const fn alt(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::ALT,
    }
}

impl Key {
    /// Whether a terminal key event is this key. Shift is ignored for characters, since the
    /// character already carries it (`G`, `?`, `{`), and for Shift-Tab.
    pub fn matches(self, event: &KeyEvent) -> bool {
        let mods = if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
            event.modifiers - KeyModifiers::SHIFT
        } else {
            event.modifiers
        };
        let code = match (event.code, self.code) {
            (KeyCode::Char(a), KeyCode::Char(_)) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(a.to_ascii_lowercase())
            }
            (c, _) => c,
        };
        code == self.code && mods == self.modifiers
    }

    /// The terminal event this key sends.
    pub fn event(self) -> KeyEvent {
        KeyEvent::new(self.code, self.modifiers)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// One row of the table: in `context`, any of `keys` performs `action`.
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
}

const fn bind(context: Context, keys: &'static [Key], action: Action) -> Binding {
    Binding {
        context,
        keys,
        action,
    }
}

use Action as A;
use Context as C;

/// The keymap. Order matters only within a context: the first binding of an action gives its
/// main key in hints.
pub const KEYMAP: &[Binding] = &[
    bind(C::Global, &[ch('q'), ctrl('c')], A::Quit),
    bind(C::Global, &[ch('?')], A::ToggleHelp),
    bind(C::Global, &[key(KeyCode::Tab)], A::FocusNext),
    bind(C::Global, &[key(KeyCode::BackTab)], A::FocusPrev),
    bind(C::Global, &[ch(']')], A::NextCitation),
    bind(C::Global, &[ch('[')], A::PrevCitation),
    bind(C::Global, &[ch('n')], A::NextMatch),
    bind(C::Global, &[ch('N')], A::PrevMatch),
    bind(C::Global, &[ch('/')], A::Search),
    bind(C::Global, &[ch(':'), ch('d')], A::GoToDate),
    bind(C::Global, &[ch('a')], A::PickActors),
    bind(C::Global, &[ch('t')], A::PickTags),
    bind(C::Global, &[ch('x')], A::ClearFilters),
    bind(C::Global, &[ch('r')], A::FollowRelated),
    bind(
        C::Global,
        &[ctrl('o'), key(KeyCode::Backspace), alt(KeyCode::Left)],
        A::JumpBack,
    ),
    bind(C::Global, &[ctrl('i'), alt(KeyCode::Right)], A::JumpForward),
    bind(C::Global, &[key(KeyCode::Esc)], A::Close),
    bind(C::Global, &[ch('e')], A::Edit),
    bind(C::Global, &[key(KeyCode::F(5)), ctrl('r')], A::Reload),
    bind(C::Global, &[ch('p')], A::ShowProblems),
    bind(C::Global, &[ch('u')], A::Undo),
    bind(C::Global, &[ch('D')], A::ToggleDrafts),
    bind(C::Global, &[ch('z')], A::CycleClock),
    bind(C::Global, &[ch('m')], A::Verify),
    bind(C::Global, &[ch('M')], A::Dispute),
    bind(C::Global, &[ch('R')], A::NextToReview),
    bind(C::Global, &[ch('V')], A::ToggleNeedsReview),
    bind(C::Global, &[ch('1')], A::ToggleSingleSourced),
    bind(C::Timeline, &[ch('j'), key(KeyCode::Down)], A::NextEvent),
    bind(C::Timeline, &[ch('k'), key(KeyCode::Up)], A::PrevEvent),
    bind(C::Timeline, &[ch('g'), key(KeyCode::Home)], A::FirstEvent),
    bind(C::Timeline, &[ch('G'), key(KeyCode::End)], A::LastEvent),
    bind(
        C::Timeline,
        &[key(KeyCode::PageDown), ctrl('d')],
        A::PageDown,
    ),
    bind(C::Timeline, &[key(KeyCode::PageUp), ctrl('u')], A::PageUp),
    bind(C::Timeline, &[key(KeyCode::Enter)], A::OpenSource),
    bind(C::Timeline, &[ch('}')], A::NextYear),
    bind(C::Timeline, &[ch('{')], A::PrevYear),
    bind(C::Event, &[ch('j'), key(KeyCode::Down)], A::NextEvent),
    bind(C::Event, &[ch('k'), key(KeyCode::Up)], A::PrevEvent),
    bind(C::Event, &[ch('g'), key(KeyCode::Home)], A::FirstEvent),
    bind(C::Event, &[ch('G'), key(KeyCode::End)], A::LastEvent),
    bind(C::Event, &[key(KeyCode::PageDown), ctrl('d')], A::PageDown),
    bind(C::Event, &[key(KeyCode::PageUp), ctrl('u')], A::PageUp),
    bind(C::Event, &[ctrl('e')], A::DetailDown),
    bind(C::Event, &[ctrl('y')], A::DetailUp),
    bind(C::Event, &[key(KeyCode::Enter)], A::OpenSource),
    bind(C::Event, &[ch('}')], A::NextYear),
    bind(C::Event, &[ch('{')], A::PrevYear),
    bind(C::Source, &[ch('j'), key(KeyCode::Down)], A::ScrollDown),
    bind(C::Source, &[ch('k'), key(KeyCode::Up)], A::ScrollUp),
    bind(C::Source, &[ch('g'), key(KeyCode::Home)], A::ScrollTop),
    bind(C::Source, &[ch('G'), key(KeyCode::End)], A::ScrollBottom),
    bind(
        C::Source,
        &[key(KeyCode::PageDown), ctrl('d')],
        A::ScrollPageDown,
    ),
    bind(
        C::Source,
        &[key(KeyCode::PageUp), ctrl('u')],
        A::ScrollPageUp,
    ),
    bind(C::Source, &[ch('}')], A::NextPassage),
    bind(C::Source, &[ch('{')], A::PrevPassage),
    bind(C::Source, &[key(KeyCode::Enter)], A::FollowPassage),
    bind(C::Source, &[ch('v')], A::StartSelection),
    bind(C::Selection, &[ch('w')], A::SelectWordNext),
    bind(C::Selection, &[ch('b')], A::SelectWordBack),
    bind(C::Selection, &[ch('e')], A::SelectWordEnd),
    bind(
        C::Selection,
        &[ch('j'), key(KeyCode::Down)],
        A::SelectLineDown,
    ),
    bind(C::Selection, &[ch('k'), key(KeyCode::Up)], A::SelectLineUp),
    bind(
        C::Selection,
        &[ch('0'), key(KeyCode::Home)],
        A::SelectLineStart,
    ),
    bind(
        C::Selection,
        &[ch('$'), key(KeyCode::End)],
        A::SelectLineEnd,
    ),
    bind(C::Selection, &[ch('y')], A::CopyCitation),
    bind(C::Selection, &[ch('c')], A::AddCitation),
    // Not `n`: with a passage selected, `n` still goes to the next match, as everywhere else.
    // A navigation key never writes the file.
    bind(C::Selection, &[ch('C')], A::NewDraft),
    bind(
        C::Selection,
        &[key(KeyCode::Esc), ch('v')],
        A::CancelSelection,
    ),
    bind(
        C::Help,
        &[ch('?'), key(KeyCode::Esc), ch('q')],
        A::ToggleHelp,
    ),
    bind(C::Help, &[ch('j'), key(KeyCode::Down)], A::ScrollDown),
    bind(C::Help, &[ch('k'), key(KeyCode::Up)], A::ScrollUp),
    bind(C::Help, &[ch('g'), key(KeyCode::Home)], A::ScrollTop),
    bind(C::Help, &[ch('G'), key(KeyCode::End)], A::ScrollBottom),
    bind(
        C::Help,
        &[key(KeyCode::PageDown), ctrl('d')],
        A::ScrollPageDown,
    ),
    bind(C::Help, &[key(KeyCode::PageUp), ctrl('u')], A::ScrollPageUp),
    bind(C::Chooser, &[ch('j'), key(KeyCode::Down)], A::ChooserDown),
    bind(C::Chooser, &[ch('k'), key(KeyCode::Up)], A::ChooserUp),
    bind(C::Chooser, &[key(KeyCode::Enter)], A::ChooserPick),
    bind(C::Chooser, &[key(KeyCode::Esc), ch('q')], A::Close),
    bind(C::Help, &[ctrl('c')], A::Quit),
    bind(C::Chooser, &[ctrl('c')], A::Quit),
    bind(C::Picker, &[ctrl('c')], A::Quit),
    bind(C::Prompt, &[ctrl('c')], A::Quit),
    bind(C::Problems, &[ch('j'), key(KeyCode::Down)], A::ProblemNext),
    bind(C::Problems, &[ch('k'), key(KeyCode::Up)], A::ProblemPrev),
    bind(C::Problems, &[key(KeyCode::Enter), ch('e')], A::ProblemEdit),
    bind(C::Problems, &[key(KeyCode::F(5)), ctrl('r')], A::Reload),
    bind(C::Problems, &[key(KeyCode::Esc)], A::Close),
    bind(C::Problems, &[ch('q'), ctrl('c')], A::Quit),
    bind(C::Picker, &[key(KeyCode::Down), ctrl('n')], A::ChooserDown),
    bind(C::Picker, &[key(KeyCode::Up), ctrl('p')], A::ChooserUp),
    bind(C::Picker, &[ch(' ')], A::PickerToggle),
    bind(C::Picker, &[key(KeyCode::Tab)], A::PickerCombine),
    bind(C::Picker, &[key(KeyCode::Enter)], A::PickerApply),
    bind(C::Picker, &[key(KeyCode::Backspace)], A::Erase),
    bind(C::Picker, &[key(KeyCode::Esc)], A::Close),
    bind(C::Prompt, &[key(KeyCode::Enter)], A::Submit),
    bind(C::Prompt, &[key(KeyCode::Backspace)], A::Erase),
    bind(C::Prompt, &[key(KeyCode::Esc)], A::Close),
    bind(C::Global, &[ch('L')], A::ToggleLanes),
    bind(C::Global, &[ch('S')], A::ToggleStrip),
    bind(C::Lanes, &[ch('l'), key(KeyCode::Right)], A::NextInLane),
    bind(C::Lanes, &[ch('h'), key(KeyCode::Left)], A::PrevInLane),
    bind(C::Lanes, &[ch('j'), key(KeyCode::Down)], A::LaneDown),
    bind(C::Lanes, &[ch('k'), key(KeyCode::Up)], A::LaneUp),
    bind(C::Lanes, &[ch('+'), ch('=')], A::ZoomIn),
    bind(C::Lanes, &[ch('-')], A::ZoomOut),
    bind(C::Lanes, &[ch('0')], A::ZoomFit),
    bind(C::Lanes, &[ch('T')], A::LaneGrouping),
    bind(C::Lanes, &[key(KeyCode::Enter)], A::OpenSource),
];

/// The action a key performs in the given contexts (tried in order), if any. In the picker and
/// the prompts, a printable character that no binding claims is typed.
pub fn lookup(contexts: &[Context], event: &KeyEvent) -> Option<Action> {
    let bound = contexts.iter().find_map(|&context| {
        KEYMAP
            .iter()
            .filter(|b| b.context == context)
            .find(|b| b.keys.iter().any(|k| k.matches(event)))
            .map(|b| b.action)
    });
    if bound.is_some() {
        return bound;
    }
    let typing = contexts
        .iter()
        .any(|c| matches!(c, Context::Picker | Context::Prompt));
    match event.code {
        KeyCode::Char(c)
            if typing
                && !event
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Action::Type(c))
        }
        _ => None,
    }
}

/// Display names of the keys that perform `action` while `context` is active, main key first.
///
/// Every key name the screen shows (pane hints, overlay titles, messages) is asked of this, so
/// rebinding a key in [`KEYMAP`] changes what the screen says. A pane context includes the
/// global bindings, and a key is left out when an earlier binding takes it: the list holds
/// exactly the keys that [`lookup`] turns into `action`. Empty when nothing is bound.
pub fn keys_for(context: Context, action: Action) -> Vec<String> {
    let chain = context.chain();
    let mut names: Vec<String> = Vec::new();
    let bound = chain
        .iter()
        .flat_map(|&c| KEYMAP.iter().filter(move |b| b.context == c))
        .filter(|b| b.action == action)
        .flat_map(|b| b.keys.iter());
    for key in bound {
        let name = key.to_string();
        if lookup(chain, &key.event()) == Some(action) && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Help rows grouped by context: (context, keys as text, description), in table order.
pub fn help_rows() -> Vec<(Context, String, &'static str)> {
    let mut rows: Vec<(Context, String, &'static str)> = KEYMAP
        .iter()
        .map(|b| {
            let keys: Vec<String> = b.keys.iter().map(ToString::to_string).collect();
            (b.context, keys.join(" "), b.action.description())
        })
        .collect();
    rows.sort_by_key(|r| r.0);
    rows
}

/// Short hints for the status bar: `key hint` pairs for the given contexts.
pub fn hints(contexts: &[Context]) -> Vec<(String, &'static str)> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for &context in contexts {
        for b in KEYMAP.iter().filter(|b| b.context == context) {
            let hint = b.action.hint();
            if hint.is_empty() || seen.contains(&hint) {
                continue;
            }
            // A key an earlier context takes (the selection's `j` over the pane's) is not
            // offered for this action.
            if let Some(k) = b
                .keys
                .iter()
                .find(|k| lookup(contexts, &k.event()) == Some(b.action))
            {
                seen.push(hint);
                out.push((k.to_string(), hint));
            }
        }
    }
    out
}

/// The README's key table, in Markdown.
pub fn markdown_table() -> String {
    let mut out = String::from("| Where | Keys | Action |\n|---|---|---|\n");
    for (context, keys, description) in help_rows() {
        let keys = keys
            .split(' ')
            .map(|k| format!("`{}`", k.replace('|', "\\|")))
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(out, "| {} | {keys} | {description} |", context.title());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_for_lists_what_dispatch_does_main_key_first() {
        assert_eq!(keys_for(Context::Timeline, Action::Quit), ["q", "Ctrl-c"]);
        assert_eq!(keys_for(Context::Event, Action::OpenSource), ["Enter"]);
        // In the source pane Enter follows the passage: the timeline's Enter is not offered.
        assert!(keys_for(Context::Source, Action::OpenSource).is_empty());
        assert_eq!(keys_for(Context::Source, Action::FollowPassage), ["Enter"]);
        // The help's `q` closes it instead of quitting.
        assert_eq!(keys_for(Context::Help, Action::Quit), ["Ctrl-c"]);
        assert_eq!(
            keys_for(Context::Help, Action::ToggleHelp),
            ["?", "Esc", "q"]
        );
    }
}
