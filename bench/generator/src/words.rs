//! The words of the generated stories, in English and Arabic: small lists written for the
//! benchmark, from which `text` composes every story, comment and name.

use dateline_domain::Lang;

/// The words of one edition. Every list has as many entries in Arabic as in English, in the
/// same order, so that a story and its translation name the same things.
pub struct Words {
    pub subjects: &'static [&'static str],
    pub verbs: &'static [&'static str],
    pub objects: &'static [&'static str],
    /// Places any town has, named by what they are ("near the harbour").
    pub places: &'static [&'static str],
    /// A named place is one of these things (a hill, a ford) ...
    pub features: &'static [&'static str],
    /// ... named after one of these (an oak, salt).
    pub namesakes: &'static [&'static str],
    pub times: &'static [&'static str],
    pub roles: &'static [&'static str],
    pub datelines: &'static [&'static str],
    pub tags: &'static [&'static str],
    pub credits: &'static [&'static str],
    pub first_names: &'static [&'static str],
    pub last_names: &'static [&'static str],
    pub heading_words: &'static [&'static str],
}

pub const ENGLISH: Words = Words {
    subjects: &[
        "Town council",
        "Harbour board",
        "River authority",
        "Library board",
        "Traders' guild",
        "School board",
        "Ferry company",
        "Farmers' union",
        "Clinic",
        "Water board",
        "Transit office",
        "Residents' committee",
        "Fire service",
        "Parks department",
        "Chamber of commerce",
        "Hospital trust",
        "Museum trustees",
        "Fishermen's cooperative",
        "Housing office",
        "Planning committee",
        "Youth league",
        "Rail operator",
        "Power utility",
        "Market wardens",
    ],
    verbs: &[
        "approves",
        "delays",
        "debates",
        "backs",
        "questions",
        "announces",
        "reviews",
        "expands",
        "opens",
        "rejects",
        "funds",
        "scraps",
        "defends",
        "revises",
        "unveils",
        "pauses",
    ],
    objects: &[
        "new bridge plan",
        "night market hours",
        "reading room repairs",
        "ferry timetable",
        "irrigation budget",
        "bus route changes",
        "flood barrier works",
        "school meal scheme",
        "clinic opening hours",
        "street lighting upgrade",
        "harvest fair dates",
        "parking rules",
        "cycle lane",
        "tram extension",
        "rubbish collection",
        "heritage trail",
        "sports hall",
        "fish market",
        "water meter rollout",
        "tree planting drive",
        "youth centre",
        "cemetery extension",
        "rainwater tanks",
        "bakery licences",
        "night bus",
        "pedestrian crossing",
        "grain store",
        "community garden plots",
        "beach clean-up",
        "solar panels",
        "orchard lease",
        "ambulance station",
        "well restoration",
        "bridge tolls",
        "market canopy",
        "riverside path",
    ],
    places: &[
        "in the old town",
        "along the river",
        "for the eastern quarter",
        "near the harbour",
        "north of the dam",
        "on Hill Road",
    ],
    features: &[
        "brook", "field", "ford", "gate", "haven", "hill", "mere", "mouth", "ridge", "stead", "vale", "well",
    ],
    namesakes: &[
        "Almond", "Birch", "Cedar", "Dove", "Eagle", "Fig", "Gull", "Heron", "Iris", "Lark", "Lemon", "Moss",
        "Oak", "Olive", "Otter", "Pine", "Reed", "Rose", "Salt", "Stone", "Thorn", "Vine", "Willow", "Wolf",
    ],
    times: &[
        "this week",
        "on Monday",
        "before the end of the month",
        "next spring",
        "on Thursday evening",
    ],
    roles: &[
        "a shopkeeper",
        "a teacher",
        "a council member",
        "a ferry captain",
        "a retired engineer",
        "a nurse",
        "a bus driver",
        "a fisherman",
        "a baker",
        "a student",
        "a market trader",
        "a farmer",
        "a pharmacist",
        "a lifeguard",
        "a librarian",
        "a father of two",
    ],
    datelines: &["Riverside", "Old Town", "North Quay", "Hill Road", "East Market"],
    tags: &[
        "transport",
        "schools",
        "health",
        "water",
        "markets",
        "culture",
        "farming",
        "weather",
    ],
    credits: &["Bench desk", "Staff illustration", "Archive drawing"],
    first_names: &[
        "Adam", "Rania", "Tariq", "Mona", "Ziad", "Salma", "Omar", "Dina", "Sami", "Lina", "Karim", "Huda",
        "Yusuf", "Nour", "Bilal", "Farah", "Hadi", "Jana", "Majd", "Reem", "Walid", "Layla", "Fadi", "Maya",
    ],
    last_names: &[
        "Hamdan", "Qasim", "Mansour", "Rahal", "Sabbagh", "Touma", "Zayed", "Bakri", "Haddad", "Nasser",
        "Odeh", "Salim", "Khoury", "Issa", "Farouk", "Jaber", "Karam", "Masri", "Najjar", "Saleh", "Tamimi",
        "Yassin", "Darwish", "Amin",
    ],
    heading_words: &[
        "What comes next",
        "The cost",
        "Who decides",
        "Earlier plans",
        "The timetable",
    ],
};

pub const ARABIC: Words = Words {
    subjects: &[
        "المجلس البلدي",
        "هيئة الميناء",
        "إدارة النهر",
        "مجلس المكتبة",
        "نقابة التجار",
        "مجلس المدرسة",
        "شركة العبارة",
        "اتحاد المزارعين",
        "إدارة العيادة",
        "مصلحة المياه",
        "مكتب النقل",
        "لجنة السكان",
        "الدفاع المدني",
        "دائرة الحدائق",
        "غرفة التجارة",
        "إدارة المستشفى",
        "أمناء المتحف",
        "تعاونية الصيادين",
        "مكتب الإسكان",
        "لجنة التخطيط",
        "رابطة الشباب",
        "مشغل القطارات",
        "شركة الكهرباء",
        "حراس السوق",
    ],
    verbs: &[
        "يقر",
        "يؤجل",
        "يناقش",
        "يدعم",
        "يشكك في",
        "يعلن",
        "يراجع",
        "يوسع",
        "يفتتح",
        "يرفض",
        "يمول",
        "يلغي",
        "يدافع عن",
        "يعدل",
        "يكشف عن",
        "يعلق",
    ],
    objects: &[
        "خطة الجسر الجديد",
        "مواعيد السوق الليلي",
        "ترميم قاعة المطالعة",
        "جدول العبارة",
        "ميزانية الري",
        "تعديل خطوط الحافلات",
        "أعمال حاجز الفيضان",
        "برنامج الوجبات المدرسية",
        "ساعات عمل العيادة",
        "تحديث إنارة الشوارع",
        "موعد معرض الحصاد",
        "قواعد الوقوف",
        "مسار الدراجات",
        "تمديد خط الترام",
        "جمع النفايات",
        "مسار التراث",
        "الصالة الرياضية",
        "سوق السمك",
        "تركيب عدادات المياه",
        "حملة التشجير",
        "مركز الشباب",
        "توسعة المقبرة",
        "خزانات مياه الأمطار",
        "رخص المخابز",
        "حافلة الليل",
        "معبر المشاة",
        "مخزن الحبوب",
        "قطع الحديقة المجتمعية",
        "تنظيف الشاطئ",
        "الألواح الشمسية",
        "عقد البستان",
        "مركز الإسعاف",
        "ترميم البئر",
        "رسوم الجسر",
        "مظلة السوق",
        "ممشى النهر",
    ],
    places: &[
        "في البلدة القديمة",
        "على ضفاف النهر",
        "في الحي الشرقي",
        "قرب الميناء",
        "شمال السد",
        "على طريق التل",
    ],
    features: &[
        "جدول",
        "حقل",
        "مخاضة",
        "باب",
        "مرسى",
        "تل",
        "بحيرة",
        "مصب",
        "هضبة",
        "مزرعة",
        "وادي",
        "بئر",
    ],
    namesakes: &[
        "اللوز",
        "البتولا",
        "الأرز",
        "الحمام",
        "النسر",
        "التين",
        "النورس",
        "البلشون",
        "السوسن",
        "القبرة",
        "الليمون",
        "الطحلب",
        "البلوط",
        "الزيتون",
        "القضاعة",
        "الصنوبر",
        "القصب",
        "الورد",
        "الملح",
        "الحجر",
        "الشوك",
        "الكرمة",
        "الصفصاف",
        "الذئب",
    ],
    times: &[
        "هذا الأسبوع",
        "يوم الاثنين",
        "قبل نهاية الشهر",
        "في الربيع المقبل",
        "مساء الخميس",
    ],
    roles: &[
        "صاحب متجر",
        "معلمة",
        "عضو في المجلس",
        "قبطان عبارة",
        "مهندس متقاعد",
        "ممرضة",
        "سائق حافلة",
        "صياد",
        "خباز",
        "طالبة",
        "بائع في السوق",
        "مزارع",
        "صيدلانية",
        "منقذ",
        "أمينة مكتبة",
        "أب لطفلين",
    ],
    datelines: &[
        "ضفة النهر",
        "البلدة القديمة",
        "الرصيف الشمالي",
        "طريق التل",
        "السوق الشرقي",
    ],
    tags: &[
        "النقل",
        "المدارس",
        "الصحة",
        "المياه",
        "الأسواق",
        "الثقافة",
        "الزراعة",
        "الطقس",
    ],
    credits: &["مكتب الاختبار", "رسم الفريق", "رسم من الأرشيف"],
    first_names: &[
        "آدم",
        "رانيا",
        "طارق",
        "منى",
        "زياد",
        "سلمى",
        "عمر",
        "دينا",
        "سامي",
        "لينا",
        "كريم",
        "هدى",
        "يوسف",
        "نور",
        "بلال",
        "فرح",
        "هادي",
        "جنى",
        "مجد",
        "ريم",
        "وليد",
        "ليلى",
        "فادي",
        "مايا",
    ],
    last_names: &[
        "حمدان",
        "قاسم",
        "منصور",
        "رحال",
        "صباغ",
        "توما",
        "زايد",
        "بكري",
        "حداد",
        "ناصر",
        "عودة",
        "سليم",
        "خوري",
        "عيسى",
        "فاروق",
        "جابر",
        "كرم",
        "مصري",
        "نجار",
        "صالح",
        "تميمي",
        "ياسين",
        "درويش",
        "أمين",
    ],
    heading_words: &["ما التالي", "الكلفة", "من يقرر", "خطط سابقة", "الجدول الزمني"],
};

/// The words of `lang`'s edition.
pub fn of(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &ENGLISH,
        Lang::Ar => &ARABIC,
    }
}

impl Words {
    /// The place numbered `place`: one of the places any town has, then the named ones.
    pub fn place(&self, lang: Lang, place: usize) -> String {
        if let Some(common) = self.places.get(place) {
            return (*common).to_owned();
        }
        let named = place - self.places.len();
        let namesake = nth(self.namesakes, named / self.features.len());
        let feature = nth(self.features, named);
        match lang {
            Lang::En => format!("in {namesake}{feature}"),
            Lang::Ar => format!("في {feature} {namesake}"),
        }
    }

    pub fn places_in_all(&self) -> usize {
        self.places.len() + self.features.len() * self.namesakes.len()
    }

    pub fn person(&self, person: usize) -> String {
        let first = nth(self.first_names, person);
        let last = nth(self.last_names, person / self.first_names.len());
        format!("{first} {last}")
    }

    pub fn people_in_all(&self) -> usize {
        self.first_names.len() * self.last_names.len()
    }
}

pub fn nth<'a>(items: &[&'a str], index: usize) -> &'a str {
    items[index % items.len()]
}

#[cfg(test)]
mod tests {
    use super::{ARABIC, ENGLISH, Words};

    fn lengths(w: &Words) -> [usize; 13] {
        [
            w.subjects.len(),
            w.verbs.len(),
            w.objects.len(),
            w.places.len(),
            w.features.len(),
            w.namesakes.len(),
            w.times.len(),
            w.roles.len(),
            w.datelines.len(),
            w.tags.len(),
            w.first_names.len(),
            w.last_names.len(),
            w.heading_words.len(),
        ]
    }

    #[test]
    fn a_story_and_its_translation_name_the_same_things() {
        assert_eq!(lengths(&ENGLISH), lengths(&ARABIC));
    }
}
