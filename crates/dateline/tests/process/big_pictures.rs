//! Pictures that decode to far more than their files: however many arrive at once, the server
//! processes them within its picture memory budget (`--picture-memory-mib`), queueing the rest.

use std::io::Cursor;

use crate::node::{Node, csrf_of, newsroom_page, password_from, signed_in};

/// A PNG of one flat colour: a few kilobytes that decode to `side` × `side` RGBA pixels.
fn flat_png(side: u32) -> Vec<u8> {
    let pixels = image::RgbaImage::from_pixel(side, side, image::Rgba([40, 90, 160, 255]));
    let mut out = Cursor::new(Vec::new());
    pixels
        .write_to(&mut out, image::ImageFormat::Png)
        .expect("encode the PNG");
    out.into_inner()
}

fn status_kib(pid: i32, key: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the node's status");
    status
        .lines()
        .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("{key} in {status}"))
}

/// A multipart form with the upload and its words, as the media page's form sends it.
fn upload_form(csrf: &str, n: usize, png: &[u8]) -> (String, Vec<u8>) {
    let boundary = "dateline-test-boundary-7f3a";
    let mut body = Vec::new();
    for (name, value) in [
        ("csrf", csrf.to_owned()),
        ("alt", format!("A flat blue test picture, number {n}")),
        ("caption", String::new()),
        ("credit", String::new()),
    ] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"flat-{n}.png\"\r\nContent-Type: image/png\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(png);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn uploads_at_once_stay_within_the_picture_memory_budget() {
    const BUDGET_MIB: u64 = 64;
    // 2,000 × 2,000 pixels: 16 MB decoded, about 56 MiB of work each; four at once would take
    // some 150 MB, so they must go one after another.
    const SIDE: u32 = 2_000;
    let data = tempfile::tempdir().expect("data folder");
    let budget = BUDGET_MIB.to_string();
    let node = Node::start(data.path(), None, &["--picture-memory-mib", &budget]).await;
    let password = password_from(data.path(), &["add", "picture-desk", "--role", "editor"]);
    let (client, cookie) = signed_in(&node, "picture-desk", &password).await;
    let library = newsroom_page(&client, &node, &cookie, "/newsroom/media").await;
    let csrf = csrf_of(&library);
    let png = flat_png(SIDE);

    let before_kib = status_kib(node.pid(), "VmRSS");
    // Forget the peak so far (start-up's), so that the next one is the uploads'.
    std::fs::write(format!("/proc/{}/clear_refs", node.pid()), "5").expect("reset the peak");
    let uploads: Vec<_> = (0..4)
        .map(|n| {
            let (content_type, body) = upload_form(&csrf, n, &png);
            let sent = client
                .post(format!("{}/newsroom/media", node.base))
                .header("cookie", &cookie)
                .header("origin", &node.base)
                .header("content-type", content_type)
                .body(body)
                .send();
            tokio::spawn(sent)
        })
        .collect();
    for upload in uploads {
        let answer = upload.await.expect("an upload").expect("an answer");
        let status = answer.status();
        let page = answer.text().await.unwrap_or_default();
        assert_eq!(status, 200, "each upload is taken in turn: {page}");
    }
    let peak_kib = status_kib(node.pid(), "VmHWM");
    eprintln!(
        "four uploads at once: peak {} MiB over the {} MiB before",
        peak_kib.saturating_sub(before_kib) / 1024,
        before_kib / 1024
    );
    let allowance_kib = 32 * 1024;
    assert!(
        peak_kib <= before_kib + BUDGET_MIB * 1024 + allowance_kib,
        "four uploads at once peaked at {} MiB over the {} MiB before (budget {BUDGET_MIB} MiB + 32 MiB)",
        (peak_kib.saturating_sub(before_kib)) / 1024,
        before_kib / 1024
    );
    let library = newsroom_page(&client, &node, &cookie, "/newsroom/media").await;
    for n in 0..4 {
        assert!(
            library.contains(&format!("A flat blue test picture, number {n}")),
            "picture {n} is in the library"
        );
    }
}
