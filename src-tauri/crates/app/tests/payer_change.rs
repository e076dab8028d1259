//! A payer change and the child's open balance (R10), on a real encrypted file with
//! the demo school: the office chooses whether what is unpaid for the child moves to
//! the new payer; a move is a minus and a plus correction on the next run, written
//! in the same unit of work as the change, through every path that changes a payer.

mod common;

use common::*;
use skolekontor_app::billing::ChargePreview;
use skolekontor_app::domain::register::GuardianLink;
use skolekontor_app::domain::Ore;
use skolekontor_app::register::NewGuardian;
use skolekontor_app::Office;

/// The correction lines of a preview that moved a balance: (payer, child, amount, text).
fn moved_lines(preview: &ChargePreview) -> Vec<(i64, Option<i64>, Ore, String)> {
    preview
        .charges
        .iter()
        .flat_map(|c| c.lines.iter().map(move |l| (c.payer_id, l)))
        .filter(|(_, l)| l.text.starts_with("Ubetalt for"))
        .map(|(payer, l)| (payer, l.child_id, l.amount, l.text.clone()))
        .collect()
}

/// A child on the September run with a second guardian who has custody but does not pay.
fn child_with_a_second_parent(office: &mut Office, run: &ChargePreview) -> (i64, i64, i64) {
    let children: Vec<(i64, i64)> = run
        .charges
        .iter()
        .flat_map(|c| {
            c.lines
                .iter()
                .filter_map(move |l| l.child_id.map(|id| (id, c.payer_id)))
        })
        .collect();
    children
        .into_iter()
        .find_map(|(child, payer)| {
            let detail = office.register().child(child).unwrap();
            detail
                .guardians
                .iter()
                .find(|g| !g.link.is_payer && g.link.has_custody)
                .map(|g| (child, payer, g.guardian_id))
        })
        .expect("a child with two parents")
}

#[test]
fn r10_a_payer_change_moves_the_childs_open_balance_only_when_asked() {
    let fixture = Fixture::new();
    let mut office = demo_school_on(&fixture, "2026-08-20");
    let run = office.billing().issue_charges("2026-09").unwrap();
    let (child, payer, other) = child_with_a_second_parent(&mut office, &run);
    on("2026-09-10");
    let preview = office.billing().payer_change_preview(child).unwrap();
    let child_total: Ore = run
        .charges
        .iter()
        .filter(|c| c.payer_id == payer)
        .flat_map(|c| c.lines.iter().filter(|l| l.child_id == Some(child)))
        .map(|l| l.amount)
        .sum();
    assert!(preview.current_payer.is_some());
    assert_eq!(preview.open_for_child, child_total, "nothing is paid yet");
    assert!(child_total.0 > 0);

    // Refused without custody, and nothing moves.
    let no_custody = office
        .register()
        .add_guardian(
            child,
            NewGuardian {
                link: GuardianLink {
                    relation: "bonusfar".into(),
                    has_custody: false,
                    is_payer: true,
                },
                move_open_balance: Some(true),
                ..guardian("Bo", "Skovvej 2", true)
            },
        )
        .unwrap_err();
    assert!(!no_custody.to_string().is_empty());
    assert!(moved_lines(&office.billing().preview_charges("2026-10").unwrap()).is_empty());
    assert_eq!(
        office.register().child(child).unwrap().guardians.len(),
        2,
        "the guardian was not added either"
    );

    // A new guardian added as payer takes the balance, when asked: a minus for the
    // former payer and a plus for the new one, on October's run.
    let tove = office
        .register()
        .add_guardian(
            child,
            NewGuardian {
                move_open_balance: Some(true),
                ..guardian("Tove", "Skovvej 4", true)
            },
        )
        .unwrap()
        .id;
    let mut moved = moved_lines(&office.billing().preview_charges("2026-10").unwrap());
    moved.sort_by_key(|l| l.2);
    assert_eq!(
        moved
            .iter()
            .map(|(p, c, a, _)| (*p, *c, *a))
            .collect::<Vec<_>>(),
        vec![
            (payer, Some(child), Ore(-child_total.0)),
            (tove, Some(child), child_total)
        ],
        "{moved:?}"
    );
    assert!(moved[0].3.contains("flyttet til ny betaler") && moved[1].3.contains("overtaget"));

    // What moved to Tove (still waiting for the run) moves on to the other parent.
    assert_eq!(
        office
            .billing()
            .payer_change_preview(child)
            .unwrap()
            .open_for_child,
        child_total
    );
    let link = |is_payer| GuardianLink {
        relation: "far".into(),
        has_custody: true,
        is_payer,
    };
    office
        .register()
        .update_guardian_link(child, other, link(true), true)
        .unwrap();
    let moved = moved_lines(&office.billing().preview_charges("2026-10").unwrap());
    let mut by_payer: Vec<(i64, Ore)> = moved.iter().map(|l| (l.0, l.2)).collect();
    by_payer.sort();
    let mut expected = vec![
        (payer, Ore(-child_total.0)),
        (tove, child_total),
        (tove, Ore(-child_total.0)),
        (other, child_total),
    ];
    expected.sort();
    assert_eq!(by_payer, expected);

    // Back to the first payer without moving: nothing more moves, and the first payer
    // owes nothing more for the child (the minus waiting settles the unpaid charge).
    office
        .register()
        .update_guardian_link(child, payer, link(true), false)
        .unwrap();
    assert_eq!(
        office
            .billing()
            .payer_change_preview(child)
            .unwrap()
            .open_for_child,
        Ore(0)
    );
    let moved = moved_lines(&office.billing().preview_charges("2026-10").unwrap());
    assert_eq!(moved.len(), 4);
    assert_eq!(
        moved.iter().map(|l| l.2).sum::<Ore>(),
        Ore(0),
        "moves net to nothing"
    );
    assert_eq!(office.audit().verify_audit_log().unwrap().broken_at, None);
}
