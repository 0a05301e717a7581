//! A `dateline serve` process on a free port, with its data folder, and the signals an
//! operator (or a crash) sends it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

pub struct Node {
    child: Child,
    pub base: String,
    pub address: String,
    pub log: PathBuf,
}

/// The binary under test.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_dateline")
}

/// Runs `dateline ARGS --data DATA` (on the PostgreSQL `database`, if given, else SQLite in
/// `data`): whether it succeeded, and what it printed (standard output, then error).
pub fn run(data: &Path, database: Option<&str>, args: &[&str]) -> (bool, String) {
    let mut command = Command::new(binary());
    command
        .args(args)
        .arg("--data")
        .arg(data)
        .env_remove("DATABASE_URL");
    if let Some(url) = database {
        command.env("DATABASE_URL", url);
    }
    let output = command.output().expect("run dateline");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), printed)
}

/// The password `dateline user add|reset-password …` printed (shown once) for an account of
/// the SQLite store in `data`.
pub fn password_from(data: &Path, user_args: &[&str]) -> String {
    let args: Vec<&str> = std::iter::once("user").chain(user_args.iter().copied()).collect();
    let (done, printed) = run(data, None, &args);
    assert!(done, "{printed}");
    printed
        .split("(shown only this once): ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("a password in {printed}"))
        .to_owned()
}

/// A client that follows no redirects, signed in to `node`'s newsroom as `username`, and the
/// session cookie to send with it.
pub async fn signed_in(node: &Node, username: &str, password: &str) -> (reqwest::Client, String) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let login = client
        .post(format!("{}/newsroom/login", node.base))
        .header("origin", &node.base)
        .form(&[("username", username), ("password", password)])
        .send()
        .await
        .expect("an answer");
    assert_eq!(login.status(), 303, "{username} signs in");
    let cookie = login
        .headers()
        .get("set-cookie")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .expect("a session")
        .to_owned();
    (client, cookie)
}

/// The text of the newsroom page at `path`, as the member signed in with `cookie` sees it.
pub async fn newsroom_page(client: &reqwest::Client, node: &Node, cookie: &str, path: &str) -> String {
    client
        .get(format!("{}{path}", node.base))
        .header("cookie", cookie)
        .send()
        .await
        .expect("an answer")
        .text()
        .await
        .expect("a page")
}

/// The `name="csrf"` token a newsroom page carries.
pub fn csrf_of(page: &str) -> String {
    let at = page
        .find("name=\"csrf\" value=\"")
        .expect("a form with its token")
        + "name=\"csrf\" value=\"".len();
    page[at..].split('"').next().unwrap_or_default().to_owned()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// Polls `check` until it holds, or fails after `seconds` with `what`.
pub async fn eventually<F, Fut>(seconds: u64, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !check().await {
        assert!(Instant::now() < deadline, "not within {seconds} s: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

impl Node {
    /// Starts a node on `data` (and `database_url`, if given) and waits until it answers.
    pub async fn start(data: &Path, database_url: Option<&str>, args: &[&str]) -> Node {
        Self::launch(data, database_url, args, None).await
    }

    /// [`Node::start`] on SQLite, for a process allowed to open only `files` files (soft and
    /// hard limit), as on a host with a low `ulimit -n`.
    pub async fn start_with_file_limit(data: &Path, files: u64) -> Node {
        Self::launch(data, None, &[], Some(files)).await
    }

    async fn launch(data: &Path, database_url: Option<&str>, args: &[&str], files: Option<u64>) -> Node {
        std::fs::create_dir_all(data).expect("data folder");
        let address = format!("127.0.0.1:{}", free_port());
        let log = data.join(format!("server-{}.log", address.replace([':', '.'], "-")));
        let output = std::fs::File::create(&log).expect("log file");
        let mut command = Command::new(binary());
        command
            .args(["serve", "--addr", &address, "--data"])
            .arg(data)
            .args(args)
            .env_remove("DATABASE_URL")
            .env("RUST_LOG", "info,sqlx=warn")
            .stdin(Stdio::null())
            .stdout(output.try_clone().expect("log file"))
            .stderr(output);
        if let Some(url) = database_url {
            command.env("DATABASE_URL", url);
        }
        if let Some(files) = files {
            use std::os::unix::process::CommandExt;
            let limit = libc::rlimit {
                rlim_cur: files,
                rlim_max: files,
            };
            // SAFETY: between fork and exec the child only sets its own limit, which is
            // async-signal-safe.
            unsafe {
                command.pre_exec(move || {
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 {
                        Ok(())
                    } else {
                        Err(std::io::Error::last_os_error())
                    }
                });
            }
        }
        let child = command.spawn().expect("start dateline");
        let node = Node {
            child,
            base: format!("http://{address}"),
            address,
            log,
        };
        let client = reqwest::Client::new();
        let health = format!("{}/healthz", node.base);
        eventually(120, "the node answers /healthz", || async {
            client.get(&health).send().await.is_ok_and(|r| r.status() == 200)
        })
        .await;
        node
    }

    pub fn pid(&self) -> i32 {
        i32::try_from(self.child.id()).expect("a pid")
    }

    /// SIGTERM, as a service manager stops a node.
    pub fn terminate(&self) {
        signal(self.pid(), "TERM");
    }

    /// SIGKILL: the node is gone at once, as in a crash.
    pub fn kill(&self) {
        signal(self.pid(), "KILL");
    }

    /// Waits for the process to end, at most `seconds`.
    pub async fn exited(&mut self, seconds: u64) -> ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the node did not exit within {seconds} s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// What the node has logged so far.
    pub fn logged(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn signal(pid: i32, name: &str) {
    let status = Command::new("kill")
        .args([format!("-{name}"), pid.to_string()])
        .status()
        .expect("kill");
    assert!(status.success(), "kill -{name} {pid}");
}

/// A fresh PostgreSQL database for one test, dropped after it.
pub struct Database {
    pub url: String,
    admin: String,
    name: String,
}

impl Database {
    pub async fn fresh() -> Database {
        use sqlx::Connection;
        let admin = std::env::var("DATELINE_TEST_DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned());
        let name = format!(
            "dl_process_{}_{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos())
                .unwrap_or_default()
        );
        let mut connection = sqlx::PgConnection::connect(&admin)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL at {admin} is needed for these tests: {e}"));
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut connection)
            .await
            .expect("create a database");
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base);
        Database {
            url: format!("{base}/{name}"),
            admin,
            name,
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        // Dropped from a plain thread: the test's runtime may be going away.
        let admin = self.admin.clone();
        let name = self.name.clone();
        let _ = std::thread::spawn(move || {
            let _ = Command::new("psql")
                .args([
                    &admin,
                    "-q",
                    "-c",
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        })
        .join();
    }
}
