//! Completion, hover, go to definition, references and the outline.

use serde_json::{Value, json};

use crate::client::{Client, position, uri_of};
use crate::{FIXED, chronology};

/// The chronology with the drift fixed, open in a new server.
fn opened() -> (Client, String) {
    let mut client = Client::start(&json!({}));
    let text = chronology(FIXED, "us");
    assert_eq!(client.open("c.yaml", &text), Vec::<Value>::new());
    (client, text)
}

fn at(client: &Client, text: &str, needle: &str, into: usize) -> Value {
    json!({ "textDocument": { "uri": client.uri("c.yaml") }, "position": position(text, text.find(needle).unwrap() + into) })
}

fn labels(answer: &Value) -> Vec<String> {
    let items = answer
        .as_array()
        .or_else(|| answer["items"].as_array())
        .unwrap();
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn actor_ids_complete_in_an_unsaved_line_that_does_not_parse_yet() {
    let (mut client, text) = opened();
    let typing = text.replace("actors: [us]", "actors: [us, ");
    let _ = client.change("c.yaml", 2, &typing);
    let answer = client.request(
        "textDocument/completion",
        at(&client, &typing, "actors: [us, ", 13),
    );
    assert_eq!(labels(&answer), ["us"]);
    assert_eq!(answer[0]["detail"], "United States");
    // A source id after `source:`, and the fields of a citation on a new line.
    let typing = text.replace("      - source: reuters\n", "      - source: \n");
    let _ = client.change("c.yaml", 3, &typing);
    let answer = client.request(
        "textDocument/completion",
        at(&client, &typing, "source: \n", 8),
    );
    assert_eq!(labels(&answer), ["reuters"]);
    let typing = format!("{text}        p");
    let _ = client.change("c.yaml", 4, &typing);
    let answer = client.request(
        "textDocument/completion",
        at(&client, &typing, "        p", 9),
    );
    assert_eq!(
        labels(&answer),
        ["note", "prefix", "quote", "review", "source", "stance"]
    );
    client.shut_down();
}

#[test]
fn hovering_a_quote_shows_its_passage_in_context_and_the_source_title() {
    let (mut client, text) = opened();
    let answer = client.request("textDocument/hover", at(&client, &text, FIXED, 5));
    let shown = answer["contents"]["value"].as_str().unwrap();
    assert!(
        shown.starts_with("**US warned Iran** — `article.txt`, line 4"),
        "{shown}"
    );
    assert!(
        shown.contains(
            "WASHINGTON – »The U.S. government recently issued a private warning to Iran« regarding"
        ),
        "{shown}"
    );
    // The line before it in the article, as context.
    let line3 = client::ARTICLE.lines().nth(2).unwrap();
    assert!(line3.trim().is_empty() || shown.contains(line3), "{shown}");
    let date = client.request("textDocument/hover", at(&client, &text, "2024-01", 1));
    let shown = date["contents"]["value"].as_str().unwrap();
    assert!(
        shown.starts_with("`2024-01` reads as **Jan 2024"),
        "{shown}"
    );
    let actor = client.request("textDocument/hover", at(&client, &text, "[us]", 1));
    assert_eq!(actor["contents"]["value"], "**United States** — actor `us`");
    client.shut_down();
}

use crate::client;

#[test]
fn ids_go_to_their_entries_and_quotes_to_their_passages() {
    let (mut client, text) = opened();
    let answer = client.request("textDocument/definition", at(&client, &text, "[us]", 1));
    assert_eq!(answer["uri"], client.uri("c.yaml"));
    let entry = text.find("id: us").unwrap() + 4;
    assert_eq!(answer["range"]["start"], position(&text, entry));
    let answer = client.request(
        "textDocument/definition",
        at(&client, &text, "source: reuters", 9),
    );
    assert_eq!(
        answer["range"]["start"],
        position(&text, text.find("id: reuters").unwrap() + 4)
    );
    let answer = client.request("textDocument/definition", at(&client, &text, FIXED, 3));
    assert_eq!(answer["uri"], uri_of(&client.path("article.txt")));
    let passage = client::ARTICLE
        .find("The U.S. government recently")
        .unwrap();
    assert_eq!(answer["range"]["start"], position(client::ARTICLE, passage));
    client.shut_down();
}

#[test]
fn references_list_every_use_of_an_actor_and_the_outline_lists_events() {
    let (mut client, text) = opened();
    let mut params = at(&client, &text, "id: us", 4);
    params["context"] = json!({ "includeDeclaration": true });
    let answer = client.request("textDocument/references", params);
    let starts: Vec<&Value> = answer
        .as_array()
        .unwrap()
        .iter()
        .map(|l| &l["range"]["start"])
        .collect();
    assert_eq!(
        starts,
        [
            &position(&text, text.find("id: us").unwrap() + 4),
            &position(&text, text.find("[us]").unwrap() + 1)
        ]
    );
    let answer = client.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": client.uri("c.yaml") } }),
    );
    let symbols = answer.as_array().unwrap();
    assert_eq!(symbols.len(), 1);
    assert_eq!(symbols[0]["name"], "The US warned Iran");
    assert_eq!(symbols[0]["detail"], "2024-01");
    assert_eq!(
        symbols[0]["selectionRange"]["start"],
        position(&text, text.find("id: warning").unwrap() + 4)
    );
    client.shut_down();
}
