//! Drives html5ever's tokenizer and tree builder, with one guard between them: past
//! [`MAX_DEPTH`] open elements a start tag is dropped.
//!
//! The HTML standard's tree building looks through the stack of open elements for almost every
//! tag ("has a `p` element in button scope"), so a page of a million nested `<div>`s costs a
//! million squared steps: hours. Browsers cap the depth for the same reason (Blink at 512).
//! Elements whose content the tokenizer must read differently (`script`, `style`, `textarea`
//! …) always pass, so their content never turns into visible text; they close at once and do
//! not deepen the tree.

use html5ever::interface::{ElementFlags, TreeSink as _};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, StartTag, TagToken, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{LocalName, QualName, TokenizerResult, local_name, ns};

use super::dom::{Dom, Keep, Tree, keep_none};
use super::locate::Locator;
use crate::extract::decode::Decoded;

/// Deepest nesting of elements built, as in Blink; deeper start tags are dropped.
pub(in crate::extract) const MAX_DEPTH: u32 = 512;

/// Start tags that switch the tokenizer's state: never dropped.
fn switches_tokenizer(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("script")
            | local_name!("style")
            | local_name!("textarea")
            | local_name!("title")
            | local_name!("xmp")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("noscript")
            | local_name!("plaintext")
    )
}

struct Guard<'a> {
    builder: TreeBuilder<u32, Dom<'a>>,
}

impl TokenSink for Guard<'_> {
    type Handle = u32;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<u32> {
        if let TagToken(tag) = &token
            && tag.kind == StartTag
            && self.builder.sink.depth() >= MAX_DEPTH
            && !switches_tokenizer(&tag.name)
        {
            return TokenSinkResult::Continue;
        }
        self.builder.process_token(token, line)
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// Parses the decoded page into a tree whose text nodes know where they came from.
pub(super) fn parse(page: &Decoded) -> Tree {
    parse_keeping(page, keep_none)
}

/// [`parse`], keeping the attributes of the elements `keep` names.
pub(super) fn parse_keeping(page: &Decoded, keep: Keep) -> Tree {
    let dom = Dom::new(Locator::new(page), keep);
    let builder = TreeBuilder::new(dom, TreeBuilderOpts::default());
    run(builder, page, TokenizerOpts::default())
}

/// Parses text that goes inside a page's `<body>` (a fragment: the text of an imported timeline slide), as a
/// browser does for `innerHTML`: a `<script>` or `<title>` stays where it is written instead
/// of moving to a `<head>`. The tree's root is the `html` element the fragment's nodes hang
/// from.
pub(super) fn parse_fragment(page: &Decoded, keep: Keep) -> Tree {
    let dom = Dom::new(Locator::new(page), keep);
    let body = QualName::new(None, ns!(html), local_name!("body"));
    let context = dom.create_element(body, Vec::new(), ElementFlags::default());
    let builder = TreeBuilder::new_for_fragment(dom, context, None, TreeBuilderOpts::default());
    let opts = TokenizerOpts {
        initial_state: Some(builder.tokenizer_state_for_context_elem(false)),
        ..TokenizerOpts::default()
    };
    run(builder, page, opts)
}

fn run(builder: TreeBuilder<u32, Dom<'_>>, page: &Decoded, opts: TokenizerOpts) -> Tree {
    let tokenizer = Tokenizer::new(Guard { builder }, opts);
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&page.text));
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.builder.sink.into_tree()
}
