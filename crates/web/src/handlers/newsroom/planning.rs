//! The planning view: a week of the newsroom by day, in the site's time zone: what is
//! scheduled, what was published, and beside it what waits for review. A contributor's plan
//! holds their own stories.

use super::render_staff;
use crate::extract::QueryForm;
use crate::staff::Staff;
use crate::{App, AppError};
use axum::extract::State;
use axum::response::Html;
use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use dateline_domain::{Action, ArticleStatus};
use dateline_render::{Serde, context, dates};
use dateline_store::stories::{PlannedStory, StoryFilter};
use serde::{Deserialize, Serialize};

/// Stories waiting for review listed beside the week.
const IN_REVIEW_SHOWN: i64 = 50;

/// `?week=YYYY-MM-DD`: a day of the week to show (today's week without one).
#[derive(Deserialize, Default)]
#[serde(default)]
pub(crate) struct WeekQuery {
    week: String,
}

/// A day of the plan and its stories, in time order.
#[derive(Serialize)]
struct PlanDay {
    date: String,
    label: String,
    today: bool,
    stories: Vec<PlanLine>,
}

#[derive(Serialize)]
struct PlanLine {
    /// Hours and minutes on the site's clock.
    time: String,
    #[serde(flatten)]
    story: PlannedStory,
}

/// The moment `date` begins on the site's clock.
fn start_of(zone: Tz, date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    zone.from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| midnight.and_utc(), |at| at.with_timezone(&Utc))
}

pub(crate) async fn planning(
    State(app): State<App>,
    staff: Staff,
    QueryForm(query): QueryForm<WeekQuery>,
) -> Result<Html<String>, AppError> {
    let lang = super::lang(&staff.0);
    let zone = app.service.site_time_zone().await?;
    let today = Utc::now().with_timezone(&zone).date_naive();
    let asked = NaiveDate::parse_from_str(&query.week, "%Y-%m-%d").unwrap_or(today);
    let monday = asked - Days::new(u64::from(asked.weekday().num_days_from_monday()));
    let week: Vec<NaiveDate> = (0..7)
        .filter_map(|n| monday.checked_add_days(Days::new(n)))
        .collect();
    let (Some(first), Some(last)) = (week.first().copied(), week.last().copied()) else {
        return Err(AppError::NotFound);
    };
    let end = last.checked_add_days(Days::new(1)).ok_or(AppError::NotFound)?;
    let own = (!staff.0.role.can(Action::ReadAnyStory)).then_some(staff.0.id);
    let mut days: Vec<PlanDay> = week
        .iter()
        .map(|date| PlanDay {
            date: date.to_string(),
            label: dates::day(lang, *date),
            today: *date == today,
            stories: Vec::new(),
        })
        .collect();
    // The stories come in time order; each goes to its day on the site's clock.
    for story in app
        .store
        .planned_stories(start_of(zone, first), start_of(zone, end), own)
        .await?
    {
        let day = (story.at.with_timezone(&zone).date_naive() - first).num_days();
        if let Some(day) = usize::try_from(day).ok().and_then(|day| days.get_mut(day)) {
            day.stories.push(PlanLine {
                time: dates::clock(lang, zone, story.at),
                story,
            });
        }
    }
    let waiting = StoryFilter {
        status: Some(ArticleStatus::InReview),
        created_by: own,
        ..StoryFilter::default()
    };
    let shift = |days: i64| {
        let moved = if days < 0 {
            first.checked_sub_days(Days::new(days.unsigned_abs()))
        } else {
            first.checked_add_days(Days::new(days.unsigned_abs()))
        };
        moved.map(|date| date.to_string()).unwrap_or_default()
    };
    let context = context! {
        days => Serde(days),
        in_review => Serde(app.store.story_list(&waiting, IN_REVIEW_SHOWN).await?),
        previous => shift(-7),
        next => shift(7),
        this_week => first <= today && today < end,
        time_zone => zone.name(),
    };
    render_staff(&app, &staff.0, "newsroom/planning.html", context)
}
