//! The audit log on SQLite and PostgreSQL: a row per staff change in the change's own
//! transaction, refused changes leave none, the hash chain survives concurrent appends, and
//! `verify` (and `qabyldau audit verify`) names the first row edited or deleted afterwards.

use chrono::Utc;
use qabyldau::rules::lifecycle::{Event, Status};
use qabyldau::rules::permissions::StaffRole;
use qabyldau::server::audit::{self, Actor, Filter, Verdict};
use qabyldau::server::{workflow, Error};

use crate::helpers::{fresh_database_url, open_store, staff_for, Engine, TestApp};
use crate::requests::app_with_officials;

async fn register(app: &TestApp, official: i64, key: &str) -> i64 {
    crate::requests::register(app, official, key).await.0
}

async fn advance(app: &TestApp, id: i64, event: Event) -> Result<Status, Error> {
    crate::helpers::step(&app.store, id, event).await
}

async fn every_staff_change_writes_who_what_and_before_after(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let id = register(&app, akim, "k-audit-0000001").await;
    advance(&app, id, Event::Review).await.unwrap();
    advance(&app, id, Event::Extend).await.unwrap();
    let rows = audit::list(
        &app.store,
        &Filter {
            request_id: Some(id),
            actor: None,
        },
        100,
    )
    .await
    .unwrap();
    let seen: Vec<_> = rows
        .iter()
        .map(|r| (r.action.as_str(), r.before.as_deref(), r.after.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            ("review", Some("registered"), Some("under_review")),
            ("extend", Some("under_review"), Some("under_review")),
        ]
    );
    assert!(rows
        .iter()
        .all(|r| r.actor == "staff:1:clerk" && r.entity == "request"));
    let by_actor = Filter {
        request_id: None,
        actor: Some("staff:1".into()),
    };
    assert_eq!(
        audit::list(&app.store, &by_actor, 100).await.unwrap().len(),
        2
    );
    let verdict = audit::verify(&app.store).await.unwrap();
    assert!(
        matches!(verdict, Verdict::Intact { rows: 2, .. }),
        "{verdict:?}"
    );
}

async fn a_role_that_may_not_act_is_refused_and_nothing_is_written(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let id = register(&app, akim, "k-audit-0000002").await;
    let aide = Actor::Staff {
        id: 7,
        role: StaffRole::Aide,
    };
    let res = workflow::advance(&app.store, id, Event::Review, aide, Utc::now()).await;
    assert!(matches!(res, Err(Error::Forbidden)), "{res:?}");
    let clerk = Actor::Staff {
        id: 3,
        role: StaffRole::Clerk,
    };
    advance(&app, id, Event::Review).await.unwrap();
    advance(&app, id, Event::Propose).await.unwrap();
    let res = workflow::advance(&app.store, id, Event::Approve, clerk, Utc::now()).await;
    assert!(
        matches!(res, Err(Error::Forbidden)),
        "clause 29 is the chief's: {res:?}"
    );
    assert_eq!(
        workflow::status_of(&app.store, id).await.unwrap(),
        Status::Proposed
    );
    let rows = audit::list(&app.store, &Filter::default(), 100)
        .await
        .unwrap();
    assert_eq!(rows.len(), 2, "only the two changes that happened");
}

async fn concurrent_changes_keep_one_unbroken_chain(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let mut ids = Vec::new();
    for i in 0..12 {
        ids.push(register(&app, akim, &format!("k-audit-1{i:06}")).await);
    }
    let tasks: Vec<_> = ids
        .iter()
        .map(|&id| {
            let store = app.store.clone();
            tokio::spawn(async move {
                let event = Event::Review;
                workflow::advance(&store, id, event, staff_for(event), Utc::now()).await
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let verdict = audit::verify(&app.store).await.unwrap();
    assert!(
        matches!(verdict, Verdict::Intact { rows: 12, .. }),
        "{verdict:?}"
    );
}

async fn verify_names_the_first_row_edited_or_deleted(engine: Engine) {
    let (app, akim) = app_with_officials(engine).await;
    let id = register(&app, akim, "k-audit-0000003").await;
    for event in [Event::Review, Event::Extend, Event::Propose] {
        advance(&app, id, event).await.unwrap();
    }
    let pool = app.store.pool();
    sqlx::query("UPDATE audit_log SET after = 'approved' WHERE seq = 2")
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        audit::verify(&app.store).await.unwrap(),
        Verdict::Broken {
            seq: 2,
            reason: "edited"
        }
    );
    sqlx::query("UPDATE audit_log SET after = 'under_review' WHERE seq = 2")
        .execute(pool)
        .await
        .unwrap();
    let verdict = audit::verify(&app.store).await.unwrap();
    assert!(
        matches!(verdict, Verdict::Intact { rows: 3, .. }),
        "{verdict:?}"
    );
    sqlx::query("DELETE FROM audit_log WHERE seq = 2")
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(
        audit::verify(&app.store).await.unwrap(),
        Verdict::Broken {
            seq: 2,
            reason: "deleted"
        }
    );
}

async fn the_operator_command_verifies_the_log(engine: Engine) {
    let url = fresh_database_url(engine).await.unwrap();
    let store = open_store(&url).await;
    let run = |url: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_qabyldau"))
            .args(["audit", "verify", "--database-url", url])
            .output()
            .unwrap()
    };
    let out = run(&url);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "intact: 0 rows, head 0000000000000000000000000000000000000000000000000000000000000000"
    );
    sqlx::query("UPDATE audit_head SET seq = 1 WHERE id = 1")
        .execute(store.pool())
        .await
        .unwrap();
    let out = run(&url);
    assert!(!out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "broken: row 1 was deleted"
    );
}

on_both_engines!(
    every_staff_change_writes_who_what_and_before_after,
    a_role_that_may_not_act_is_refused_and_nothing_is_written,
    concurrent_changes_keep_one_unbroken_chain,
    verify_names_the_first_row_edited_or_deleted,
    the_operator_command_verifies_the_log,
);
