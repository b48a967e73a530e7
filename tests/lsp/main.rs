//! The language server as an editor sees it: diagnostics on open and after unsaved edits,
//! quick fixes, completion, hover, definitions, and a clean shutdown.

mod client;
mod navigate;

use client::{Client, apply, position};
use serde_json::{Value, json};

/// A chronology citing `article.txt` with `quote` for its one event's one citation, and
/// `extra` lines after `actors: [us]` (e.g. another event field).
pub fn chronology(quote: &str, actors: &str) -> String {
    format!(
        "title: T\nsources:\n  - id: reuters\n    title: US warned Iran\n    path: article.txt\nactors:\n  - id: us\n    name: United States\nevents:\n  - id: warning\n    date: \"2024-01\"\n    title: The US warned Iran\n    actors: [{actors}]\n    citations:\n      - source: reuters\n        quote: {quote}\n"
    )
}

pub const DRIFTED: &str = "\"The U.S. goverment recently issued a private warning to Iran\"";
pub const FIXED: &str = "\"The U.S. government recently issued a private warning to Iran\"";

fn code_actions(client: &mut Client, name: &str, text: &str, diagnostic: &Value) -> Vec<Value> {
    let uri = client.uri(name);
    let answer = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": diagnostic["range"],
            "context": { "diagnostics": [diagnostic] },
        }),
    );
    let _ = text;
    answer.as_array().unwrap().clone()
}

#[test]
fn a_drifted_quote_is_underlined_where_check_underlines_it_and_an_edit_clears_it() {
    let mut client = Client::start(&json!({}));
    let text = chronology(DRIFTED, "us");
    let diagnostics = client.open("c.yaml", &text);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let d = &diagnostics[0];
    let start = text.find(DRIFTED).unwrap();
    assert_eq!(d["range"]["start"], position(&text, start));
    assert_eq!(d["range"]["end"], position(&text, start + DRIFTED.len()));
    assert_eq!(d["severity"], 1);
    let message = d["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "event \"warning\", field `citations.quote`: quote not found in source \"reuters\""
        ),
        "{message}"
    );
    // The unsaved buffer is what is checked: the file on disk still has the typo.
    assert_eq!(
        client.change("c.yaml", 2, &chronology(FIXED, "us")),
        Vec::<Value>::new()
    );
    let unknown = client.change("c.yaml", 3, &chronology(FIXED, "us, isis"));
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert!(
        unknown[0]["message"]
            .as_str()
            .unwrap()
            .contains("unknown actor \"isis\""),
        "{unknown:?}"
    );
    client.shut_down();
}

#[test]
fn an_incremental_edit_is_applied_to_the_buffer_in_utf16_columns() {
    let mut client = Client::start(&json!({}));
    let text = chronology(DRIFTED, "us").replace("title: T\n", "title: \"\u{1F600} T\"\n");
    assert_eq!(client.open("c.yaml", &text).len(), 1);
    // Insert the missing `n` of "government", addressed in UTF-16 units.
    let at = text.find("goverment").unwrap() + "gover".len();
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": client.uri("c.yaml"), "version": 2 },
                "contentChanges": [{ "range": { "start": position(&text, at), "end": position(&text, at) }, "text": "n" }] }),
    );
    assert_eq!(client.diagnostics("c.yaml", Some(2)), Vec::<Value>::new());
    client.shut_down();
}

#[test]
fn the_quick_fix_for_a_drifted_quote_leaves_a_buffer_that_checks_clean() {
    let mut client = Client::start(&json!({}));
    let text = chronology(DRIFTED, "us");
    let diagnostics = client.open("c.yaml", &text);
    let actions = code_actions(&mut client, "c.yaml", &text, &diagnostics[0]);
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(actions[0]["isPreferred"], true);
    let fixed = apply(&text, &actions[0], &client.uri("c.yaml"));
    assert_eq!(fixed, chronology(FIXED, "us"));
    assert_eq!(client.change("c.yaml", 2, &fixed), Vec::<Value>::new());
    client.shut_down();
}

#[test]
fn an_ambiguous_quote_gets_one_prefix_action_per_occurrence_and_each_works() {
    let mut client = Client::start(&json!({}));
    let text = chronology("\"the Islamic\"", "us");
    let diagnostics = client.open("c.yaml", &text);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let actions = code_actions(&mut client, "c.yaml", &text, &diagnostics[0]);
    assert_eq!(actions.len(), 2, "{actions:?}");
    for (version, action) in (2..).zip(&actions) {
        assert!(
            action["title"]
                .as_str()
                .unwrap()
                .starts_with("Add prefix: "),
            "{action}"
        );
        let fixed = apply(&text, action, &client.uri("c.yaml"));
        assert!(fixed.contains("        prefix: \""), "{fixed}");
        assert_eq!(
            client.change("c.yaml", version, &fixed),
            Vec::<Value>::new(),
            "{fixed}"
        );
    }
    client.shut_down();
}

#[test]
fn an_unknown_actor_gets_a_new_entry() {
    let mut client = Client::start(&json!({}));
    let text = chronology(FIXED, "us, isis");
    let diagnostics = client.open("c.yaml", &text);
    let actions = code_actions(&mut client, "c.yaml", &text, &diagnostics[0]);
    assert_eq!(actions.len(), 1, "{actions:?}");
    let fixed = apply(&text, &actions[0], &client.uri("c.yaml"));
    assert!(
        fixed.contains("    name: United States\n  - id: isis\n    name: isis\nevents:"),
        "{fixed}"
    );
    assert_eq!(client.change("c.yaml", 2, &fixed), Vec::<Value>::new());
    client.shut_down();
}

#[test]
fn a_changed_source_on_disk_is_checked_again_and_its_fingerprint_can_be_updated() {
    let mut client = Client::start(
        &json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } }),
    );
    let digest = format!(
        "{:x}",
        <sha2::Sha256 as sha2::Digest>::digest(client::ARTICLE)
    );
    let text = chronology(FIXED, "us").replace(
        "path: article.txt\n",
        &format!("path: article.txt\n    sha256: {digest}\n"),
    );
    assert_eq!(client.open("c.yaml", &text), Vec::<Value>::new());
    // The article is edited on disk (a sentence the chronology does not quote).
    let article = client.path("article.txt");
    std::fs::write(
        &article,
        format!("{}\nA correction was appended.\n", client::ARTICLE),
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": client::uri_of(&article), "type": 2 }] }),
    );
    let diagnostics = client.diagnostics("c.yaml", Some(1));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("no longer matches its fingerprint")
    );
    let actions = code_actions(&mut client, "c.yaml", &text, &diagnostics[0]);
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["isPreferred"], true, "every quote still anchors");
    let fixed = apply(&text, &actions[0], &client.uri("c.yaml"));
    assert_eq!(client.change("c.yaml", 2, &fixed), Vec::<Value>::new());
    client.shut_down();
}

#[test]
fn exit_without_shutdown_is_an_error() {
    let client = Client::start(&json!({}));
    assert_eq!(
        client.exit_abruptly(),
        "the client sent `exit` without `shutdown` first"
    );
}
