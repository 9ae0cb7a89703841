"""Vocabulary tables of the article reader: words, not rules, and where each list comes from.

Every list here is general Vietnamese administrative and news vocabulary: the official names of
the bodies of the political system (Hiến pháp 2013; Luật Tổ chức chính quyền địa phương 2015 and
2025; the charters of the Đoàn, the Hội and the Mặt trận) and the nouns news articles count with
(Vietnamese grammars' classifiers, and the units met in the labelled real articles of
``benchmarks/data/extract_real``). No place name, article phrase or number belongs here.
Entries are lower case and NFC; the reader compares them with lower-cased text.
"""

from __future__ import annotations

# Heads of organisation names. A place name that follows one inside the same name ("Đồn Biên
# phòng Tam Hợp", "Công an thành phố Hà Nội", "Huyện đoàn Cao Lộc") names who acted, not where.
# Sources: the political system's bodies (Đảng, chính quyền, Mặt trận and its member
# organisations), the armed forces and police (Luật Quốc phòng, Luật Biên phòng, Luật Công an
# nhân dân), public services and enterprises as news name them.
ORGANISATION_HEADS: tuple[str, ...] = (
    # Party, councils and people's committees
    "ủy ban nhân dân",
    "uỷ ban nhân dân",
    "ubnd",
    "hội đồng nhân dân",
    "hđnd",
    "đảng ủy",
    "đảng uỷ",
    "đảng bộ",
    "chi bộ",
    "huyện ủy",
    "huyện uỷ",
    "tỉnh ủy",
    "tỉnh uỷ",
    "thành ủy",
    "thành uỷ",
    "quận ủy",
    "quận uỷ",
    "thị ủy",
    "thị uỷ",
    "ban dân vận",
    "ban tuyên giáo",
    "ban chỉ đạo",
    "văn phòng",
    "ban quản lý",
    "liên hiệp các tổ chức hữu nghị",
    "đoàn đại biểu quốc hội",  # a province's delegation to the National Assembly
    "đoàn đbqh",
    "liên hiệp hội",
    # Front and mass organisations
    "ủy ban mặt trận",
    "uỷ ban mặt trận",
    "ủy ban mttq",
    "uỷ ban mttq",
    "ubmttq",
    "ubmt",  # "UBMT huyện A", "UBMT TQ Việt Nam thị xã B"
    "ubmttqvn",
    "mttqvn",
    "mặt trận tổ quốc",
    "mttq",
    "huyện đoàn",
    "tỉnh đoàn",
    "thành đoàn",
    "quận đoàn",
    "thị đoàn",
    "đoàn thanh niên",
    "đoàn khối",
    "đoàn tncs",
    "đoàn xã",
    "xã đoàn",  # a commune's youth union, as "Huyện đoàn" is a district's
    "phường đoàn",
    "đoàn phường",
    "đoàn thị trấn",
    "hội",
    "nhóm",  # charity groups: "nhóm Thiện Ý (TP Hồ Chí Minh)"
    "câu lạc bộ",  # "Câu lạc bộ thầy thuốc trẻ tỉnh Nghệ An"
    "clb",
    "ban liên lạc",
    "liên đoàn lao động",
    "công đoàn",
    # Armed forces and police
    "bộ chỉ huy",
    "ban chỉ huy",
    "bộ tư lệnh",
    "bộ chqs",
    "ban chqs",
    "bchqs",
    "bđbp",
    "bộ đội biên phòng",
    "đồn biên phòng",
    "đồn bp",
    "đồn",
    "trạm kiểm soát biên phòng",
    "hải đội",
    "công an",
    "ca",
    "trung đoàn",
    "sư đoàn",
    "lữ đoàn",
    "tiểu đoàn",
    "đại đội",
    "quân đoàn",
    "bộ tư lệnh",
    # State bodies and public services
    "sở",
    "phòng",
    "chi cục",
    "cục",
    "kho bạc",
    "tòa án",
    "toà án",
    "viện kiểm sát",
    "trung tâm",
    "trạm y tế",
    "bệnh viện",
    "trường",
    "đại học",
    "học viện",
    "ngân hàng",
    "quỹ",
    "bưu điện",
    "điện lực",
    "báo",
    "đài",
    "hợp tác xã",
    "htx",
    "công ty",
    "tập đoàn",
    "khu kinh tế",  # "Ban Quản lý Khu kinh tế A và các khu công nghiệp tỉnh B"
    "khu công nghiệp",
    "chi nhánh",
)

# Words of organisations' names whose second syllable starts a verb in running text ("Phòng Nông
# nghiệp và Phát triển nông thôn", "Ngân hàng Phát triển"): the name goes on after them.
ORGANISATION_NAME_WORDS: frozenset[str] = frozenset({"phát triển", "từ thiện", "hỗ trợ", "bảo trợ"})
# Heads that are ordinary lower-case words in running text: an organisation only when written
# with a capital ("Hội Nông dân", "Trường Tiểu học") or followed by a capitalised word.
LOWER_CASE_COMMON: frozenset[str] = frozenset(
    {"hội", "nhóm", "sở", "phòng", "cục", "trường", "báo", "đài", "quỹ", "trung tâm", "văn phòng", "ca", "đồn",
     "công đoàn", "chi bộ", "đảng bộ", "ban chỉ đạo", "ban quản lý", "đại học", "chi nhánh"}
)  # fmt: skip

# Words after which a capitalised name is a place without its type word ("tại Hữu Lũng").
PLACE_PREPOSITIONS: frozenset[str] = frozenset({"tại", "ở", "về", "đến", "tới", "thuộc", "khắp", "từ"})
# Words after which an organisation is the venue ("tại Đồn Biên phòng xã Đăk Ơ"): its unit is
# where the activity happened.
VENUE_WORDS: frozenset[str] = frozenset({"tại", "ở"})
# People named by where they live, so that the name after them is a place ("người dân Quảng Ngãi",
# "tuổi trẻ Hữu Lũng"); from the labelled real articles.
PEOPLE_OF: frozenset[str] = frozenset(
    {
        "người dân",
        "nhân dân",
        "bà con",
        "đồng bào",
        "tuổi trẻ",
        "quê hương",
        "hộ nghèo",
        "nông dân",
        "thanh niên",
        "học sinh",
        "sinh viên",
        "thiếu nhi",
        "ngư dân",
        "khu vực",  # and the area of a place: "các khu vực Mù Cang Chải, Trạm Tấu có mưa"
        "địa bàn",
    }
)

# Words after which "Hồ Chí Minh" is the President's name, not the city: the youth union and the
# children's organisation named after him, his thought, his mausoleum ("Đoàn TNCS Hồ Chí Minh",
# "Đội TNTP Hồ Chí Minh", "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh").
PRESIDENTS_NAME_AFTER: tuple[str, ...] = (
    "tncs", "cộng sản", "tntp", "tiền phong", "chủ tịch", "tư tưởng", "đạo đức", "phong cách", "lăng",
    "bác", "huy hiệu", "giải thưởng", "bảo tàng", "di tích",
)  # fmt: skip

# Nouns of two syllables that a figure's unit can end with ("gần 30 lượt cán bộ, chiến sĩ",
# "hàng trăm chiếc bánh chưng", "80 người cao tuổi"): the unit is read to their end, and a list
# of such nouns after a comma stays in the unit ("cán bộ, chiến sĩ"). General vocabulary of the
# people and things local news counts, gathered from the labelled real articles.
COMPOUND_NOUNS: frozenset[str] = frozenset(
    """cán bộ|chiến sĩ|chiến sỹ|đoàn viên|thanh niên|hội viên|học sinh|sinh viên|giáo viên|công nhân|
    y bác sĩ|bác sĩ|y tá|tình nguyện viên|cựu chiến binh|nhân dân|người dân|công dân|nhân khẩu|
    cao tuổi|trẻ em|hộ nghèo|cận nghèo|gia đình|hộ dân|lao động|dân quân|công an|bộ đội|
    bánh chưng|phần quà|suất quà|học bổng|áo ấm|chăn ấm|bàn ghế|con giống|cây giống|cây xanh|xe đạp|
    sách vở|nhu yếu phẩm|ngày công|giờ công|nhà ở|nhà tạm|tình nghĩa|đại đoàn kết|tình thương|
    bê tông|cơ sở|đường giao thông|kênh mương|mái nhà|chiến sỹ mới|chiến sĩ mới|
    đồng chí|đồng bào|đồng đội|đồng hương|đồng nghiệp|đồng ruộng|đồng lúa""".replace("\n", "").split("|")
)
COMPOUND_NOUNS = frozenset(w.strip() for w in COMPOUND_NOUNS)

# Units that count administrative units or settlements: "21 xã, thị trấn", "24 xã" state how
# many units there are, a statistic, not an activity's output.
# Things counted alike when a total is checked against its list's items: in support for homes
# one house goes to one household ("3 căn nhà" = "2 hộ" at xã A + "1 hộ" at xã B).
COUNTED_ALIKE: tuple[frozenset[str], ...] = (
    frozenset(
        {"hộ", "gia", "gia đình", "hộ gia đình", "hộ dân", "nhà", "căn", "ngôi", "căn nhà", "ngôi nhà"}
    ),
    frozenset({"suất", "xuất", "phần"}),  # gifts: "suất quà", its frequent misspelling "xuất quà", "phần quà"
)
# Words written with a capital that are no names: a number after them is a count, not a name's
# ("chúc Tết 15 gia đình" is not "thôn Quảng Trung 1"). From the labelled real articles.
CAPITALISED_COMMON: frozenset[str] = frozenset({"tết", "xuân"})
# A family's members: "nuôi 3 con nhỏ", "có 4 người con" describe a household, they count nothing
# done ("con" alone is left out: "mỗi xã 6 con" counts the cows just named).
FAMILY_UNITS: frozenset[str] = frozenset(
    {"người con", "đứa con", "con nhỏ", "con học", "con thơ", "con ăn", "người cháu", "đứa cháu", "cháu nhỏ",
     "mẹ con", "bố con", "cha con", "bà cháu", "ông cháu", "vợ chồng", "anh em", "chị em", "con gái",
     "con trai"}
)  # fmt: skip
# The parts of a thing described, counted whole: a house's rooms ("3 phòng ngủ, 01 phòng bếp", "4
# gian lợp tôn"), a building's floors ("nhà lớp học 2 tầng"), a border's secondary markers ("gồm
# mốc chính và 12 mốc phụ"), a bridge's spans ("cầu dài 72m, có 6 nhịp"). From the labelled house
# hand-overs, border-post reports and bridge openings.
DESCRIBED_PARTS: frozenset[str] = frozenset(
    {"gian", "gian nhà", "phòng ngủ", "phòng khách", "phòng bếp", "phòng sinh", "phòng sinh hoạt", "phòng tắm",
     "phòng vệ", "mốc phụ", "mốc chính", "tầng", "nhịp"}
)  # fmt: skip
SETTLEMENT_UNITS: frozenset[str] = frozenset(
    {"tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "thôn", "bản", "ấp",
     "xóm", "làng", "khu phố", "tổ dân phố", "đơn vị hành chính", "địa phương", "địa điểm", "điểm trường",
     "cấp", "đoàn cơ sở", "chi đoàn", "chi hội", "đơn vị", "đợt", "bậc học", "cấp học", "bên",
     "dân tộc", "nhóm dân tộc"}
)  # fmt: skip

# Units that measure the setting whatever is said around them: the weather's degrees ("dưới trời
# nắng 37 độ C"); a programme's criteria met ("đạt 17/19 tiêu chí": 5 of the 6 in the labelled
# articles are the commune's standing, not what was done).
SETTING_UNITS: frozenset[str] = frozenset({"độ", "độ c", "°c", "tiêu chí", "mm"})  # "lượng mưa 482 mm"
# Units of measure that begin like a count of places: "thu được 170 đơn vị máu" (blood donation
# reports count blood in units) is what was done.
MEASURES_NAMED_LIKE_PLACES: tuple[str, ...] = ("đơn vị máu",)

# Words that, right before a figure, state what there is rather than what was done ("toàn bản
# có 105 hộ với 685 nhân khẩu", "dân số 5.000 người", "chiếm 30%", "cách trung tâm 10 km",
# "rộng 2,2 m"): such figures describe the setting.
STATISTIC_BEFORE: frozenset[str] = frozenset(
    {
        "có",
        "với",
        "sinh sống",
        "dân số",
        "hiện có",
        "còn",
        "dài",
        "là",
        "tổng cộng",
        "có tới",
        "có đến",
        "chỉ",
        "chỉ có",
    }
)
# ... but only for figures of people, of length or of area ("Huyện có trên 51.000 ha đất lâm
# nghiệp"): "xã A có 17 căn" is still what was built.
POPULATION_UNITS: frozenset[str] = frozenset(
    {"hộ", "khẩu", "nhân khẩu", "người", "dân", "hộ dân", "đồng bào", "hộ nghèo", "hộ cận nghèo",
     "học sinh", "giáo viên", "trẻ em", "gia đình", "hộ gia đình", "đoàn viên", "hội viên", "km", "m", "%",
     "con", "ha", "ngư dân", "thuyền viên", "tàu", "tàu cá", "lao động"}
)  # fmt: skip
# The same, but whatever the clause did before: measures of the setting, and what a disaster
# caused ("Trận lũ khiến hơn 100 trụ tiêu … đổ").
MEASURE_BEFORE: frozenset[str] = frozenset(
    {"chiếm", "tỷ lệ", "tỉ lệ", "cách", "rộng", "dày", "sâu", "ngang", "ngập", "mất", "diện tích",
     "quy mô", "bình quân", "thu nhập", "nơi có", "dung tích", "tải trọng", "công suất", "lỗ",
     "thiệt hại", "hiện nay", "hiện tại", "khiến", "chiều cao", "đường kính", "sạt lở", "loại",
     "trọng tải"}
)  # fmt: skip
# What a place holds now, told as its standing rather than as this activity: a clause opened by
# "Hiện nay, Huyện hội có 23 doanh nghiệp" (any unit) and stock words ("Đàn gia súc đạt hơn 12.400
# con", "tổng dư nợ hơn 22 tỷ đồng").
STANDING_OPENERS: tuple[str, ...] = ("hiện nay", "hiện tại", "hiện")
STANDING_VERBS: frozenset[str] = frozenset({"có", "còn", "đạt"})
STOCK_WORDS: tuple[str, ...] = (
    "đàn gia súc",
    "đàn gia cầm",
    "tổng đàn",
    "đàn trâu",
    "đàn bò",
    "đàn lợn",
    "dư nợ",
    "sản lượng",
)
# The commonest family names, which open a person's full name ("Trần Quang Minh"): what follows
# one is the person, not a place of the same name.
SURNAMES: frozenset[str] = frozenset(
    {"nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "hồ",
     "ngô", "dương", "lý", "đinh", "trịnh", "lương", "đào", "mai", "trương", "lò", "hà", "vi"}
)  # fmt: skip
# Words that open a person's name: "có 01 hộ là bà Năm" names who, it is no statistic.
PERSON_TITLES: frozenset[str] = frozenset({"ông", "bà", "anh", "chị", "em", "cháu", "cụ", "gia đình"})
# Of those, the phrases that make a statistic from a few words away ("cách trung tâm xã 10 km",
# "thu nhập bình quân đầu người là 19 triệu"); the single words count only right before the number.
MEASURE_NEAR: frozenset[str] = frozenset(
    {
        "cách",
        "tỷ lệ",
        "tỉ lệ",
        "diện tích",
        "bình quân",
        "thu nhập",
        "nơi có",
        "tải trọng",
        "nặng",
        "hàng tháng",
        "mỗi tháng",
        "trợ cấp",
        "đường kính",
        "chiều cao",
        "trọng lượng",
        "mực nước",
        "dâng cao",
        "đất đá",  # a landslide's volume: "khối lượng đất đá ước tính khoảng 1.000 m³"
        "chiều sâu",
        "chiều rộng",
        "vết nứt",  # "vết nứt có chiều rộng từ 10 - 60 cm"
    }
)
# A news page's own counters, copied with its text: no quantity of the news ("313 chia sẻ").
PAGE_COUNTS: frozenset[str] = frozenset(
    {"chia sẻ", "lượt xem", "lượt thích", "bình luận", "đánh giá", "lượt chia sẻ", "lượt đọc", "ký tự"}
)
# Words right after a figure that make it a statistic: "700 căn nhà bị chia cắt" (damage), "90% là
# người dân tộc" (composition), "12 nhóm dân tộc cùng sinh sống" (population).
# A border's length ("quản lý 17,5 km đường biên giới") and cases of a disease ("128 ca mắc
# Covid-19") are the setting too (from the labelled border-post and health reports).
STATISTIC_AFTER: tuple[str, ...] = ("bị", "dân số", "diện tích", "biên giới", "đường biên", "mắc")
# What a disaster did, right after what it hit: "làm 89 nhà sập, đổ và 294 nhà hư hỏng nặng"
# (from the labelled flood reports): damage is the setting, not what was done.
DAMAGE_AFTER: frozenset[str] = frozenset(
    {"sập", "đổ", "hư", "hư hỏng", "tốc mái", "ngập", "sạt lở", "cuốn trôi", "sập đổ", "thiệt hại"}
    | {"chết", "tử vong", "thiệt mạng", "mất tích", "bị thương"}  # "10 người tử vong do mưa lũ"
)
# What a disaster did, said anywhere after what it hit in the same clause ("241 gia súc, 24.222
# gia cầm các loại bị chết, trôi"; "118 nhà hư hỏng hoàn toàn"), or said before an amount ("thiệt
# hại ước tính khoảng 1.900 tỷ đồng"): a storm's toll, not what was done (from the labelled storm
# and flood reports). What causes it, so that its "làm" is no act: "bão số 13 làm 3 người chết".
DAMAGE_WORDS: tuple[str, ...] = (
    "hư hại", "hư hỏng", "bị chết", "bị thương", "mất tích", "tốc mái", "sập đổ", "bị sập", "bị thiệt hại",
    "cuốn trôi", "bị ngập", "bị ảnh hưởng", "đã sập", "sập hoàn toàn", "bị đổ", "bị sạt lở", "bị vùi lấp",
    "chết", "tử vong", "thiệt mạng", "bị lật", "mất trắng", "ngã đổ", "bị đứt", "bị thổi bay",
)  # fmt: skip
DAMAGE_BEFORE_AMOUNT: tuple[str, ...] = ("thiệt hại",)
# What a disaster did, said right before what it hit: "lũ quét làm trôi hoàn toàn 11 căn nhà",
# "cuốn trôi 6 nhà dân", "gây hư hỏng 37 ngôi nhà", "nhấn chìm hàng ngàn hecta lúa".
DAMAGE_BEFORE: tuple[str, ...] = (
    "cuốn trôi", "làm trôi", "làm sập", "vùi lấp", "nhấn chìm", "gây hư hỏng", "làm hư hỏng", "làm hư hại",
    "làm ngập", "làm chết", "làm bị thương", "làm tốc mái", "làm sạt lở", "gây ngập", "thổi bay", "làm gãy",
    "làm đổ", "gãy",
)  # fmt: skip
# Words that hold a toll word but tell no toll: "thu gom rác thải, xác chết động vật".
NOT_DAMAGE: tuple[str, ...] = ("xác chết",)
# Adverbs that may stand between an auxiliary and its verb: "đã cơ bản hoàn thành".
BETWEEN_AUXILIARY_AND_VERB: frozenset[str] = frozenset({"cơ", "bản"})
# Words of damage and of crops that hold a verb of doing ("cây trồng … bị ngập, gãy đổ"): not acts.
DAMAGE_COMPOUNDS: tuple[str, ...] = (
    "gãy đổ",
    "sập đổ",
    "đổ sập",
    "đổ ngã",
    "ngã đổ",
    "cây trồng",
    "nuôi trồng",
)
DISASTERS: tuple[str, ...] = (
    "bão", "lũ", "mưa", "mưa lớn", "mưa lũ", "lốc", "dông", "giông", "sét", "sạt lở", "thiên tai",
    "triều cường", "ngập lụt", "hỏa hoạn", "hoả hoạn", "vụ cháy", "hậu quả",
)  # fmt: skip
# A price per unit of time is a rate, not an amount given: "20.000 đồng/giờ cắt lúa"; so is an
# income per head and year ("thu nhập … đạt trên 36 triệu đồng/người/năm").
RATE_AFTER: tuple[str, ...] = ("/giờ", "/ngày", "/tháng", "/năm", "/người/năm")
# The nouns of things built along a length: "làm đường dài 1,6 km" is what was built, where
# "đoạn biên giới dài 42 km" describes the setting.
BUILT_ALONG: tuple[str, ...] = ("đường", "tuyến", "kênh", "mương", "đê", "kè")
LIVING: tuple[str, ...] = ("sinh sống",)  # within a few words after: "12 nhóm dân tộc khác cùng sinh sống"
# Words of doing: with one of these before it in its clause, a figure after "có"/"với" is still
# what was done ("trao quà cho 50 hộ, trong đó có 20 hộ nghèo").
ACTIVITY_VERBS: tuple[str, ...] = (
    "trao",
    "tặng",
    "hỗ trợ",
    "giúp",
    "vận động",
    "huy động",
    "xây",
    "làm",
    "sửa",
    "tu sửa",
    "khám",
    "cấp",
    "phát",
    "đóng góp",
    "ủng hộ",
    "quyên góp",
    "tham gia",
    "ra quân",
    "trồng",
    "bàn giao",
    "tổ chức",
    "đổ",
    "nạo vét",
    "khởi công",
    "hoàn thành",
    "tuyển",
    "thăm",
    "chăm sóc",
    "tiêm",
    "phối hợp",
    "dọn",
    "vệ sinh",
    "thi công",
    "mở rộng",
    "hiến",
    "nhận",
    "mở",
    "lắp",
    "lắp đặt",
    "làm mới",
    "nâng cấp",
    "di dời",
    "cứu",
    "sơ tán",
    "khắc phục",
    "tuần tra",
    "bắt",
)

# Numbers written as words, and the words that make them a count when they follow ("hai cặp bò",
# "năm ngôi nhà", "một chiếc đèn"): classifiers and the nouns of things given or built. "người"
# is left out on purpose ("một người dân cho biết" counts nothing).
NUMBER_WORDS: dict[str, int] = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
}  # fmt: skip
COUNTERS: frozenset[str] = frozenset(
    [
        "cặp",
        "chiếc",
        "ngôi",
        "căn",
        "tuyến",
        "suất",
        "phần",
        "bộ",
        "bồn",
        "bể",
        "giếng",
        "cây",
        "con",
        "chục",
        "trăm",
        "tấn",
        "hộ",
        "gia",
        "đình",
    ]
)

# Newspapers whose dateline code opens their articles ("LSO-"), with the province they cover
# and the paper's name (from the papers' own pages; add a paper here, never in the reader).
NEWSPAPER_DATELINES: dict[str, tuple[str, str]] = {"LSO": ("Lạng Sơn", "Báo Lạng Sơn")}

# Words that open a place below the commune ("thôn Nguyên Khê", "ấp Tân Biên"): a name after one
# is a village's, even when a commune elsewhere bears it. The geocoder sets such parts aside.
BELOW_COMMUNE_WORDS: frozenset[str] = frozenset(
    {"thôn", "xóm", "ấp", "bản", "buôn", "làng", "sóc", "tổ", "khu", "khối", "khóm", "số", "đường",
     "phố", "ngõ", "ngách", "hẻm", "kiệt"}
)  # fmt: skip

# Words that give what follows to its receivers ("tặng quà cho 70 hộ", "giúp 200 hộ dân", "đến
# với 8 gia đình", "10 tấn gạo cho 376 hộ dân ở xã A"); from the labelled real articles.
RECEIVER_WORDS: tuple[str, ...] = ("cho", "giúp", "đến với", "tới")
# Verbs whose object right after them is who was helped: "hỗ trợ 30 hộ dân bị ảnh hưởng" counts
# the people reached, not the damage (from the labelled flood and relief reports).
HELPING_VERBS: tuple[str, ...] = ("hỗ trợ", "trao", "tặng", "thăm", "cứu trợ", "giúp đỡ")
# Words a receiving name stands before a figure with: "Cao Lâu nhận 4 nhà", "Nghĩa Đàn được tặng
# 5 nhà", "… được hỗ trợ 3 nhà" ("hỗ" opens "hỗ trợ").
RECEIVING_VERBS: frozenset[str] = frozenset({"tặng", "trao", "nhận", "hưởng", "cấp", "hỗ"})
# Words for "each" before a type word: "mỗi xã 5 căn" names no commune.
EACH_WORDS: frozenset[str] = frozenset({"mỗi", "từng"})
# A receiver's figure may be said with a qualifier: "cho trên 100 hộ".
_QUALIFIED = r"(?:(?:hơn|gần|trên|khoảng)\s+)?"
# The receivers' words before a figure, as a pattern ending at it.
RECEIVER_BEFORE = (
    r"(?:" + "|".join(r"\b" + w.replace(" ", r"\s+") for w in RECEIVER_WORDS) + r")\s+"
    r"(?:(?:các|những)\s+)?" + _QUALIFIED
)
# The helping verbs before the people they reached, as a pattern ending at the figure.
HELPED_BEFORE = (
    r"(?:" + "|".join(r"\b" + w.replace(" ", r"\s+") for w in HELPING_VERBS) + r")\s+"
    r"(?:(?:các|những)\s+)?" + _QUALIFIED
)
# Words before a figure that say a disaster hit it ("ảnh hưởng đến đời sống của 37 hộ dân"), and
# those that make it the whole a later figure is part of ("Trong tổng số 428 thanh niên, … 270"):
# the setting (from the labelled flood and conscription reports).
AFFECTED_WORDS: tuple[str, ...] = ("ảnh hưởng", "đe dọa", "nguy cơ")
WHOLE_BEFORE: tuple[str, ...] = ("trong tổng số", "trên tổng số")
# A word that is mostly a function word but counts things after a number ("200 bao gạo": sacks),
# with the words after it that keep it a function word ("bao gồm", "bao nhiêu").
COUNTER_NOT_BEFORE: dict[str, frozenset[str]] = {"bao": frozenset({"gồm", "nhiêu", "giờ", "lâu"})}
# Words of a report of a seizure or an arrest, whose suspects' homes are not where it happened.
ENFORCEMENT_WORDS: tuple[str, ...] = (
    "bắt giữ", "bắt quả tang", "thu giữ", "tạm giữ", "phát hiện", "khởi tố", "đối tượng", "vi phạm",
)  # fmt: skip
