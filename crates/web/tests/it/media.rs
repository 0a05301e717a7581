//! The media library: uploads are re-encoded (no camera data or location survives), resized
//! for srcset, reusable as a story's lead picture, and hostile files are refused cleanly.

use crate::support::{Staff, TestApp, on_both_databases};
use dateline_domain::Role;

/// A JPEG made here, with an EXIF segment carrying a location spliced in after its start marker.
pub(crate) fn jpeg_with_location(width: u32, height: u32) -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, 120])
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 90)
        .encode_image(&pixels)
        .expect("encode");
    let payload = b"Exif\0\0MM\0*\0\0\0\x08\0\0GPS 33.3128N 44.3615E";
    let mut segment = vec![0xFF, 0xE1];
    segment.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    segment.extend_from_slice(payload);
    let mut with_exif = jpeg[..2].to_vec();
    with_exif.extend_from_slice(&segment);
    with_exif.extend_from_slice(&jpeg[2..]);
    with_exif
}

pub(crate) async fn upload(
    app: &TestApp,
    staff: &Staff,
    file: Vec<u8>,
    name: &str,
    alt: &str,
) -> crate::support::Page {
    let form = reqwest::multipart::Form::new()
        .text("csrf", staff.csrf.clone())
        .text("alt", alt.to_owned())
        .text("caption", "The night market on the corniche.")
        .text("credit", "Photo: Sami Yousef")
        .part(
            "file",
            reqwest::multipart::Part::bytes(file).file_name(name.to_owned()),
        );
    let response = app
        .client
        .post(format!("{}/newsroom/media", app.base))
        .header("cookie", &staff.cookie)
        .header("origin", app.base.clone())
        .multipart(form)
        .send()
        .await
        .expect("upload");
    crate::support::Page {
        status: response.status().as_u16(),
        headers: response.headers().clone(),
        body: response.text().await.expect("body"),
    }
}

fn uploads_in(app: &TestApp) -> Vec<std::path::PathBuf> {
    let root = app.media_dir().join("uploads");
    let mut files = Vec::new();
    for folder in std::fs::read_dir(&root).into_iter().flatten().flatten() {
        files.push(folder.path());
        for file in std::fs::read_dir(folder.path()).into_iter().flatten().flatten() {
            files.push(file.path());
        }
    }
    files
}

on_both_databases! {
    async fn an_upload_loses_its_location_and_gains_responsive_sizes(app: TestApp) {
        let contributor = app.signed_in("casey", Role::Contributor).await;
        let original = jpeg_with_location(1000, 560);
        assert!(original.windows(4).any(|w| w == b"Exif"));
        let page = upload(&app, &contributor, original, "market.jpg", "Stalls lit by strings of bulbs").await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.texts(".notice")[0].contains("no camera data or location"));
        let library = app.app.store.library("", 10).await.unwrap();
        let item = library.iter().find(|i| i.alt == "Stalls lit by strings of bulbs").expect("in the library");
        assert_eq!((item.width, item.height), (Some(1000), Some(560)));
        let files: Vec<_> = uploads_in(&app).into_iter().filter(|p| p.is_file()).collect();
        let names: Vec<String> = files.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
        for expected in ["480.jpg", "480.webp", "800.jpg", "800.webp", "1000.jpg", "1000.webp"] {
            assert!(names.contains(&expected.to_owned()), "{expected} in {names:?}");
        }
        for file in &files {
            let bytes = std::fs::read(file).unwrap();
            assert!(!bytes.windows(4).any(|w| w == b"Exif"), "{} keeps EXIF", file.display());
            assert!(!bytes.windows(7).any(|w| w == b"33.3128"), "{} keeps the location", file.display());
        }
        let served = app.get(&format!("/media/{}", item.path)).await;
        assert_eq!(served.status, 200);
        assert_eq!(served.header("content-type"), "image/jpeg");
        assert!(served.header("cache-control").contains("immutable"));
    }

    async fn a_library_picture_leads_a_story_with_srcset(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        upload(&app, &editor, jpeg_with_location(1700, 900), "wide.jpg", "A wide view of the river").await;
        let image = app.app.store.library("", 1).await.unwrap()[0].id.to_string();
        let store = &app.app.store;
        let news = store.section(dateline_domain::Lang::En, &dateline_domain::Slug::parse("news").unwrap()).await.unwrap().unwrap().id.to_string();
        let layla = store.author(&dateline_domain::Slug::parse("layla-haddad").unwrap()).await.unwrap().unwrap().id.to_string();
        let created = app.post_form("/newsroom/stories", &[
            ("csrf", &editor.csrf), ("edition", "en"), ("headline", "The river from above"), ("body", "Text."),
            ("section", &news), ("author_1", &layla), ("lead_image", &image), ("lead_alt", "A wide view of the river"),
            ("lead_caption", "The river at noon."), ("lead_credit", "Photo: Sami Yousef"), ("intent", "save"),
        ], &[("cookie", &editor.cookie)]).await;
        assert_eq!(created.status, 303, "{}", created.body);
        let id = created.header("location").trim_start_matches("/newsroom/stories/").split('?').next().unwrap().to_owned();
        app.post_form(&format!("/newsroom/stories/{id}/status"), &[("csrf", &editor.csrf), ("to", "published")], &[("cookie", &editor.cookie)]).await;
        let page = app.get("/article/the-river-from-above").await;
        let webp = page.attrs("figure.lead-figure picture source[type='image/webp']", "srcset");
        assert_eq!(webp.len(), 1);
        assert!(webp[0].contains("480w") && webp[0].contains("1600w") && webp[0].contains("1700w"), "{webp:?}");
        let srcset = page.attrs("figure.lead-figure img", "srcset");
        assert!(srcset[0].contains(".jpg 800w"), "{srcset:?}");
        assert_eq!(page.texts("figure.lead-figure .credit"), vec!["Photo: Sami Yousef"]);
        for candidate in webp[0].split(", ") {
            let url = candidate.split(' ').next().unwrap();
            assert_eq!(app.get(url).await.status, 200, "{url}");
        }
    }

    async fn hostile_files_are_refused_and_leave_nothing_behind(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec();
        let mut truncated = jpeg_with_location(300, 200);
        truncated.truncate(truncated.len() / 2);
        let mut bomb = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        bomb.extend_from_slice(&50_000u32.to_be_bytes());
        bomb.extend_from_slice(&50_000u32.to_be_bytes());
        bomb.extend_from_slice(&[8, 2, 0, 0, 0]);
        let crc = crc32(&bomb[12..]);
        bomb.extend_from_slice(&crc.to_be_bytes());
        for chunk in [&b"IDAT"[..], &b"IEND"[..]] {
            bomb.extend_from_slice(&0u32.to_be_bytes());
            bomb.extend_from_slice(chunk);
            bomb.extend_from_slice(&crc32(chunk).to_be_bytes());
        }
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("drawing.svg", svg, "SVG"),
            ("notes.txt", b"just some words".to_vec(), "not a picture"),
            ("cut.jpg", truncated, "."),
            ("bomb.png", bomb, "megapixel"),
        ];
        for (name, bytes, says) in cases {
            let page = upload(&app, &editor, bytes, name, "Alt words kept").await;
            assert_eq!(page.status, 422, "{name}");
            let error = page.texts("#upload-file-error");
            assert_eq!(error.len(), 1, "{name}: the reason is next to the file field");
            assert!(error[0].contains(says), "{name}: {error:?}");
            assert_eq!(page.attrs("#upload-alt", "value"), vec!["Alt words kept"], "{name}: typed words kept");
        }
        let no_alt = upload(&app, &editor, jpeg_with_location(200, 100), "fine.jpg", "").await;
        assert_eq!(no_alt.status, 422);
        assert_eq!(no_alt.texts("#upload-alt-error"), vec!["Describe the picture for readers who cannot see it."]);
        assert!(uploads_in(&app).is_empty(), "nothing half-written stays: {:?}", uploads_in(&app));
        assert!(app.app.store.library("", 100).await.unwrap().iter().all(|i| i.path.starts_with("demo/")));
    }
}

#[tokio::test]
async fn a_picture_nobody_shows_can_be_deleted_with_every_copy() {
    let app = TestApp::spawn(crate::support::Backend::Sqlite).await;
    let editor = app.signed_in("edie", Role::Editor).await;
    upload(
        &app,
        &editor,
        jpeg_with_location(900, 500),
        "source.jpg",
        "A face that must not be seen",
    )
    .await;
    let image = app.app.store.library("", 1).await.unwrap()[0].clone();
    assert!(!uploads_in(&app).is_empty());
    let in_use = app
        .app
        .store
        .library("", 100)
        .await
        .unwrap()
        .into_iter()
        .find(|i| i.path.ends_with("river-ferry.svg"))
        .unwrap();
    let refused = app
        .post_form(
            &format!("/newsroom/media/{}/delete", in_use.id),
            &[("csrf", &editor.csrf)],
            &[("cookie", &editor.cookie)],
        )
        .await;
    let said = app.notice_after(&editor, &refused).await;
    assert!(
        said[0].starts_with("Not deleted: the picture is still shown by ")
            && said[0].contains(" stories or authors ("),
        "{said:?}"
    );
    let deleted = app
        .post_form(
            &format!("/newsroom/media/{}/delete", image.id),
            &[("csrf", &editor.csrf)],
            &[("cookie", &editor.cookie)],
        )
        .await;
    assert_eq!(deleted.status, 303);
    assert!(
        uploads_in(&app).is_empty(),
        "every copy is gone: {:?}",
        uploads_in(&app)
    );
    assert_eq!(app.get(&format!("/media/{}", image.path)).await.status, 404);
    let contributor = app.signed_in("casey", Role::Contributor).await;
    let not_allowed = app
        .post_form(
            &format!("/newsroom/media/{}/delete", in_use.id),
            &[("csrf", &contributor.csrf)],
            &[("cookie", &contributor.cookie)],
        )
        .await;
    assert_eq!(not_allowed.status, 403);
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

on_both_databases! {
    async fn the_library_is_searched_and_each_picture_says_where_it_is_used(app: TestApp) {
        let editor = app.signed_in("edie", Role::Editor).await;
        let cookie = [("cookie", editor.cookie.as_str())];
        let uploaded = upload(&app, &editor, jpeg_with_location(640, 400), "stalls.jpg", "Lanterns over the fruit stalls").await;
        assert_eq!(uploaded.status, 200);
        for words in ["LANTERNS", "night market", "sami yousef"] {
            let found = app.get_with(&format!("/newsroom/media?q={}", urlencoding(words)), &cookie).await;
            assert_eq!(found.texts(".library-item img").len(), 1, "{words} finds the picture by its alt text, caption or credit");
            assert_eq!(found.attrs(".library-item img", "alt"), vec!["Lanterns over the fruit stalls"]);
        }
        let nothing = app.get_with("/newsroom/media?q=no-caption-says-this", &cookie).await;
        assert_eq!(nothing.count(".library-item"), 0);
        assert!(nothing.texts("main p").contains(&"No picture has those words.".to_owned()));
        let new_one = app.app.store.library("lanterns", 1).await.unwrap()[0].id;
        let unused = app.get_with(&format!("/newsroom/media/{new_one}"), &cookie).await;
        assert_eq!(unused.texts("h2")[0], "Shown by 0 stories or authors");
        let ferry = app.app.store.library("", 100).await.unwrap().into_iter().find(|i| i.path.ends_with("river-ferry.svg")).unwrap();
        let used = app.get_with(&format!("/newsroom/media/{}", ferry.id), &cookie).await;
        assert!(
            used.texts(".picture-uses li").iter().any(|s| s == "Ferry service returns to the Sahl river after eleven years"),
            "{:?}",
            used.texts(".picture-uses li")
        );
        assert_eq!(app.get_with("/newsroom/media/999999", &cookie).await.status, 404);
    }

    async fn the_subject_of_a_picture_stays_in_view_where_it_is_cropped(app: TestApp) {
        let home = app.get("/").await;
        let src = home.attrs(".story-image img", "src")[0].clone();
        assert!(home.attrs(".story-image img", "class").iter().all(|class| class == "focus-center"), "the middle to begin with");
        let path = src.trim_start_matches("/media/").to_owned();
        let id = app.app.store.library_image_at(&path).await.unwrap().expect("a library picture");
        let writer = app.signed_in("casey", Role::Contributor).await;
        let set = crate::newsroom::post_as(&app, &writer, &format!("/newsroom/media/{id}/focus"), &[("focus", "top-right")]).await;
        assert_eq!(set.status, 303);
        assert_eq!(app.notice_after(&writer, &set).await, vec!["Saved: crops of this picture keep that part in view."]);
        let page = app.get_with(&format!("/newsroom/media/{id}"), &[("cookie", &writer.cookie)]).await;
        assert_eq!(page.attrs(".focus-grid input[checked]", "value"), vec!["top-right"]);
        let home = app.get("/").await;
        let cropped: Vec<String> = home
            .html()
            .select(&scraper::Selector::parse(".story-image img").unwrap())
            .filter(|img| img.value().attr("src") == Some(src.as_str()))
            .map(|img| img.value().attr("class").unwrap_or_default().to_owned())
            .collect();
        assert!(!cropped.is_empty() && cropped.iter().all(|class| class == "focus-top-right"), "every card of it, at once: {cropped:?}");
        let nonsense = crate::newsroom::post_as(&app, &writer, &format!("/newsroom/media/{id}/focus"), &[("focus", "middle; background:url(x)")]).await;
        assert_eq!(nonsense.status, 400);
        let missing = crate::newsroom::post_as(&app, &writer, "/newsroom/media/999999/focus", &[("focus", "top")]).await;
        assert_eq!(missing.status, 404);
    }
}

fn urlencoding(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}
