//! The job store's guarantees, on SQLite: a claim goes to one worker; an expired lease is taken
//! over and the old worker's writes are refused (fencing); after the last attempt the job fails
//! as `worker_lost`; cancelling fences the worker too; a full queue is `busy`; a restart puts
//! running jobs back in the queue.

use std::time::Duration;
use zirv_sdk::wire::{ErrorKind, JobError, JobKind, JobResult, JobState};
use zirv_service::store::{NewJob, Store};

async fn store(dir: &tempfile::TempDir) -> Store {
    let url = zirv_service::database_url(dir.path().join("s.db").to_str().unwrap());
    Store::connect(&url, 4).await.unwrap()
}

fn job(program_id: &str) -> NewJob<'_> {
    NewJob {
        program_id,
        kind: JobKind::Execute,
        input: &[],
        security: 100,
    }
}

fn result(id: &str) -> JobResult {
    JobResult {
        job_id: id.into(),
        kind: JobKind::Execute,
        exit_code: 0,
        steps: 5,
        outputs: vec![0; 256],
        stdout: b"hi".to_vec(),
        stderr: Vec::new(),
        proof: Vec::new(),
        seconds: 0.1,
    }
}

#[tokio::test]
async fn leases_fence_take_over_and_give_up() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir).await;
    let id = s.submit(job("p"), 10).await.unwrap().job_id;
    let a = s.claim("a", 50, 2).await.unwrap().unwrap();
    assert_eq!((a.id.as_str(), a.attempts), (id.as_str(), 1));
    // Nothing else to claim while a's lease holds.
    assert!(s.claim("b", 50, 2).await.unwrap().is_none());
    assert!(
        s.heartbeat(&id, "a", 50, Some(("executing", 0.1)))
            .await
            .unwrap()
    );
    tokio::time::sleep(Duration::from_millis(80)).await;
    // a missed its renewal: b takes the job over; a's writes are refused.
    let b = s.claim("b", 50, 2).await.unwrap().unwrap();
    assert_eq!((b.id.as_str(), b.attempts), (id.as_str(), 2));
    assert!(!s.heartbeat(&id, "a", 50, None).await.unwrap());
    assert!(!s.succeed("a", &result(&id)).await.unwrap());
    // b dies too: after the last attempt the job fails with the reason, never left running.
    tokio::time::sleep(Duration::from_millis(80)).await;
    assert!(s.claim("c", 50, 2).await.unwrap().is_none());
    let st = s.status(&id).await.unwrap().unwrap();
    assert_eq!(st.state, JobState::Failed);
    assert_eq!(st.error.unwrap().kind, "worker_lost");
    assert!(!s.succeed("b", &result(&id)).await.unwrap());
}

#[tokio::test]
async fn results_cancellation_queue_bound_and_restart() {
    let dir = tempfile::tempdir().unwrap();
    let s = store(&dir).await;
    let done = s.submit(job("p"), 2).await.unwrap().job_id;
    let c = s.claim("w", 10_000, 3).await.unwrap().unwrap();
    assert!(s.succeed("w", &result(&c.id)).await.unwrap());
    assert_eq!(s.result(&done).await.unwrap().unwrap(), result(&done));

    // Cancelled while running: the worker's failure is not recorded over it.
    let cancelled = s.submit(job("p"), 2).await.unwrap().job_id;
    s.claim("w", 10_000, 3).await.unwrap().unwrap();
    assert_eq!(
        s.cancel(&cancelled).await.unwrap().unwrap().state,
        JobState::Cancelled
    );
    let e = JobError {
        kind: "vm".into(),
        message: "x".into(),
    };
    assert!(!s.fail(&cancelled, "w", &e).await.unwrap());
    assert!(s.result(&cancelled).await.unwrap().is_none());

    // The queue holds 2.
    let q1 = s.submit(job("p"), 2).await.unwrap().job_id;
    let q2 = s.submit(job("p"), 2).await.unwrap().job_id;
    let busy = s.submit(job("p"), 2).await.unwrap_err();
    assert_eq!(busy.kind, ErrorKind::Busy);

    // A restart: the running job goes back to the queue, queued ones stay, results stay.
    let running = s.claim("w", 10_000, 3).await.unwrap().unwrap();
    assert_eq!(running.id, q1);
    drop(s);
    let s = store(&dir).await;
    assert_eq!(s.requeue_running(3).await.unwrap(), 1);
    for q in [&q1, &q2] {
        assert_eq!(s.status(q).await.unwrap().unwrap().state, JobState::Queued);
    }
    assert_eq!(s.result(&done).await.unwrap().unwrap(), result(&done));
    let again = s.claim("w2", 10_000, 3).await.unwrap().unwrap();
    assert_eq!((again.id, again.attempts), (q1, 2));
    let counts = s.counts().await.unwrap();
    assert_eq!(
        counts,
        vec![
            (JobState::Queued, 1),
            (JobState::Running, 1),
            (JobState::Succeeded, 1),
            (JobState::Failed, 0),
            (JobState::Cancelled, 1),
        ]
    );
}
