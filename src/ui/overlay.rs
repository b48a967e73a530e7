//! Overlays drawn over the panes: the help screen (generated from the keymap) and the chooser.

use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph};

use super::theme::Theme;
use super::{main_key, truncate};
use crate::app::help::{self, HelpLine};
use crate::app::keymap::{self, Context};
use crate::app::layout::centered;
use crate::app::picker::{Picker, PickerKind};
use crate::app::{Action, App, Chooser};
use crate::find::Combine;
use crate::text::sanitize;

pub fn help(frame: &mut Frame<'_>, scroll: usize, theme: &Theme) {
    let page = help::lines();
    let key_width = page.key_width;
    let rect = help::area(frame.area(), &page);
    // `update` keeps the scroll within this limit; the clamp only matters when the frame is
    // not the size the app was last told.
    let scroll = scroll.min(help::max_scroll(frame.area(), &page));
    let lines: Vec<Line<'_>> = page
        .lines
        .into_iter()
        .map(|line| match line {
            HelpLine::Heading(context) => Line::styled(context.title(), theme.heading),
            HelpLine::LegendTitle => Line::styled(help::LEGEND_TITLE, theme.heading),
            HelpLine::Legend { mark, meaning } => Line::from(vec![
                Span::raw("  "),
                Span::styled(
                    format!(
                        "{mark}{}",
                        " ".repeat(key_width.saturating_sub(mark.chars().count()))
                    ),
                    theme.label,
                ),
                Span::raw("  "),
                Span::raw(meaning),
            ]),
            HelpLine::Binding { keys, description } => Line::from(vec![
                Span::styled(format!("  {keys:<key_width$}  "), theme.label),
                Span::raw(description),
            ]),
            HelpLine::Blank => Line::default(),
        })
        .collect();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.border_focused)
        .title(format!(
            " Keys — {} to close, {}/{} {}/{} {}/{} to scroll ",
            keymap::keys_for(Context::Help, Action::ToggleHelp)
                .iter()
                .take(2)
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" or "),
            main_key(Context::Help, Action::ScrollDown),
            main_key(Context::Help, Action::ScrollUp),
            main_key(Context::Help, Action::ScrollPageDown),
            main_key(Context::Help, Action::ScrollPageUp),
            main_key(Context::Help, Action::ScrollTop),
            main_key(Context::Help, Action::ScrollBottom)
        ));
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((scroll, 0))
            .style(theme.overlay),
        rect,
    );
}

pub fn chooser(frame: &mut Frame<'_>, app: &App, chooser: &Chooser, theme: &Theme) {
    let area = frame.area();
    let width = area.width.saturating_sub(8).clamp(1, 80);
    let height = u16::try_from(chooser.events.len() + 2).unwrap_or(u16::MAX);
    let rect = centered(area, width, height);
    let inner_width = usize::from(width.saturating_sub(2));
    let visible = usize::from(rect.height.saturating_sub(2)).max(1);
    let first = chooser.selected.saturating_sub(visible - 1);
    let lines: Vec<Line<'_>> = chooser
        .events
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .filter_map(|(i, &ix)| {
            let event = app.chronology.events.get(ix)?;
            let text = truncate(
                &format!(
                    "{}  {}",
                    event.date.show(&app.clock),
                    sanitize(&event.title)
                ),
                inner_width,
            );
            Some(if i == chooser.selected {
                Line::styled(format!("{text:<inner_width$}"), theme.selected)
            } else {
                Line::raw(text)
            })
        })
        .collect();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.border_focused)
        .title(format!(
            " {} — {} to go, {} to cancel ",
            sanitize(&chooser.title),
            main_key(Context::Chooser, Action::ChooserPick),
            main_key(Context::Chooser, Action::Close)
        ));
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

pub fn picker(frame: &mut Frame<'_>, picker: &Picker, theme: &Theme) {
    let area = frame.area();
    let width = area.width.saturating_sub(8).clamp(1, 64);
    let height = u16::try_from(picker.items.len() + 4)
        .unwrap_or(u16::MAX)
        .min(area.height.saturating_sub(2).max(1));
    let rect = centered(area, width, height);
    let inner_width = usize::from(width.saturating_sub(2));
    let list_height = usize::from(rect.height.saturating_sub(4)).max(1);
    let switch = main_key(Context::Picker, Action::PickerCombine);
    let combine = match picker.combine {
        Combine::Any => format!("match ANY ticked ({switch}: all)"),
        Combine::All => format!("match ALL ticked ({switch}: any)"),
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled("filter: ", theme.label),
            Span::raw(sanitize(&picker.query).into_owned()),
            Span::styled("▏", theme.label),
        ]),
        Line::styled(truncate(&combine, inner_width), theme.dim),
    ];
    if picker.shown.is_empty() {
        lines.push(Line::styled("nothing matches", theme.dim));
    }
    let first = picker.cursor.saturating_sub(list_height - 1);
    for (row, &i) in picker
        .shown
        .iter()
        .enumerate()
        .skip(first)
        .take(list_height)
    {
        let item = &picker.items[i];
        let tick = if picker.chosen.contains(&i) {
            "[x]"
        } else {
            "[ ]"
        };
        let detail = if item.detail.is_empty() {
            String::new()
        } else {
            format!(" · {}", sanitize(&item.detail))
        };
        let text = truncate(
            &format!("{tick} {}{detail} ({})", sanitize(&item.label), item.count),
            inner_width,
        );
        lines.push(if row == picker.cursor {
            Line::styled(format!("{text:<inner_width$}"), theme.selected)
        } else {
            Line::raw(text)
        });
    }
    let title = format!(
        " {} — {} tick, {} apply, {} cancel ",
        match picker.kind {
            PickerKind::Actors => "Actors",
            PickerKind::Tags => "Tags",
        },
        main_key(Context::Picker, Action::PickerToggle),
        main_key(Context::Picker, Action::PickerApply),
        main_key(Context::Picker, Action::Close)
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Double)
        .border_style(theme.border_focused)
        .title(title);
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
