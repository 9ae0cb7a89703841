"""The words planners read about their records, in Vietnamese, written once.

Every message about an activity record or a records file that reaches a person (``validate``,
``add``, ``extract --write``, the refusals of ``build``, and the workbench, which shows the same
words next to its fields) is made here by :func:`say` from a stable code. Scripts read the code
(:attr:`geo.records.Problem.code`, :attr:`geo.errors.GeoError.code`, the ``code`` of the
workbench's JSON answers), never the text.

A message names the bad value, says what was expected and how to fix it. The values put into a
message are shown the Vietnamese way: whole numbers and decimals as ``1.445`` and ``2,5``,
dates as ``01/06/2017``. A text is put in as given, so what a person must type stays typeable: a
machine number for the ``value`` column (``1445``), an ISO date (``2017-06-01``). Column names
(``place``, ``start``…) stay as the file's header writes them, and options as the command line
spells them (``--start``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TypeVar

from geo._numbers import format_number
from geo.errors import GeoError

__all__ = ["Said", "date_fix", "day", "error", "figure", "number", "say", "spaced"]

E = TypeVar("E", bound=GeoError)


@dataclass(frozen=True)
class Said:
    """A message of the catalogue: its code, what is wrong, and the fix ("" when there is none)."""

    code: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        return f"{self.message}; {self.fix}" if self.fix else self.message


_DATE_FORM = "ghi theo dạng YYYY-MM-DD, vd. 2017-06-01"
_SAVE_AS_UTF8 = (
    'lưu lại dưới dạng UTF-8 (trong Excel: File → Save As → "CSV UTF-8 (Comma delimited) (*.csv)")'
)
_HEADER_PARTS = "(dấu phân cách ',' hoặc ';'; các cột có thể theo thứ tự khác)"

# code -> (message, fix). Placeholders are filled by say(); see the module's docstring.
_CATALOGUE: dict[str, tuple[str, str]] = {
    # --- where a problem is -----------------------------------------------------------------
    "where.line": ("dòng {line}", ""),
    "where.record": ('bản ghi "{record}"', ""),
    "listing.more": ("... và {count} lỗi khác", ""),
    "listing.file": ("{path} có {count} lỗi", ""),
    # --- the shape of a row -----------------------------------------------------------------
    "row.short": (
        "có {fields} ô nhưng dòng tiêu đề có {columns} cột",
        "thiếu một dấu phân cách hoặc dòng bị cắt; so dòng này với dòng tiêu đề, hoặc sửa nó trong bảng tính",
    ),
    "row.long": (
        "có {count} ô nhiều hơn dòng tiêu đề: {values}",
        "có lẽ một đoạn chữ chứa {delimiter} chưa được đặt trong ngoặc kép; đặt nó trong ngoặc kép, "
        "hoặc sửa dòng trong bảng tính",
    ),
    "row.stray": (
        "có chữ ở một cột không có tên: {values}",
        "chuyển chữ đó sang một cột có tên (vd. note), hoặc đặt tên cho cột",
    ),
    "row.unknown_columns": ("dòng {line}: cột lạ {names}", "các cột là {header}"),
    # --- the header -------------------------------------------------------------------------
    "header.wrong": (
        "{path}, dòng 1 (tiêu đề): {parts}",
        "dòng tiêu đề phải là:\n{header}\n" + _HEADER_PARTS + ". Sửa dòng đầu tiên.{hint}",
    ),
    "header.unknown": ("cột lạ {names}", ""),
    "header.did_you_mean": ("{name} (có phải {close}?)", ""),
    "header.missing": ("thiếu cột {names}", ""),
    "header.repeated": ("cột lặp lại {names}", ""),
    "header.tabs": (
        " Dòng tiêu đề được phân cách bằng dấu tab: lưu tệp dưới dạng CSV UTF-8 (phân cách bằng ',' hoặc ';').",
        "",
    ),
    # --- one field --------------------------------------------------------------------------
    "id.empty": ("để trống", "đặt cho dòng một mã riêng, vd. ls-2017-001"),
    "activity.empty": ("để trống", "ghi việc đã làm, theo lời của nguồn"),
    "place.empty": ("để trống", 'ghi địa điểm như trong nguồn, vd. "xã Xuân Mai, huyện Văn Quan"'),
    "unit_ids.empty": (
        "để trống",
        "ghi mã đơn vị của từng địa điểm, theo thứ tự của place, cách nhau bằng ' | '",
    ),
    "level.empty": (
        "để trống",
        "ghi một trong {levels} (mỗi địa điểm một cấp, hoặc một cấp cho mọi địa điểm)",
    ),
    "start.empty": ("để trống", "ghi ngày bắt đầu hoạt động theo dạng YYYY-MM-DD, vd. 2017-06-01"),
    "place.empty_part": (
        '"{text}" có một địa điểm trống giữa hai dấu "|"',
        "bỏ dấu '|' thừa, hoặc ghi địa điểm",
    ),
    "unit_ids.empty_part": ('"{text}" có một mã trống giữa hai dấu "|"', "bỏ dấu '|' thừa, hoặc ghi mã"),
    "unit_ids.count": (
        "có {ids} mã đơn vị cho {places} địa điểm",
        "ghi mỗi địa điểm một mã đơn vị, cùng thứ tự, cách nhau bằng ' | '",
    ),
    "level.unknown": ("{values} không phải là một cấp", "ghi một trong {levels}"),
    "level.count": (
        "có {levels} cấp cho {places} địa điểm",
        "ghi mỗi địa điểm một cấp, cách nhau bằng ' | ', hoặc một cấp cho mọi địa điểm",
    ),
    "value.digits": (
        '"{text}" có {digits} chữ số; một số liệu có nhiều nhất {most} chữ số',
        "ghi số liệu với nhiều nhất {most} chữ số (một mã số hay số hiệu không phải là số liệu)",
    ),
    "value.vn_thousands": ('"{text}" dùng "." để phân cách hàng nghìn (kiểu Việt Nam)', "ghi {plain}{also}"),
    "value.vn_thousands_or_decimal": (" (nếu là số thập phân {text} thì ghi {plain})", ""),
    "value.vn_decimal": ('"{text}" dùng "," trước phần thập phân (kiểu Việt Nam)', "ghi {plain}{also}"),
    "value.vn_decimal_or_thousands": (" (hoặc {plain} nếu ',' phân cách hàng nghìn)", ""),
    "value.en_thousands": ('"{text}" dùng "," để phân cách hàng nghìn', "ghi {plain}"),
    "value.space_thousands": ('"{text}" dùng dấu cách để phân cách hàng nghìn', "ghi {plain}"),
    "value.negative": ('"{text}" là số âm', "ghi một số ≥ 0, vd. 1445"),
    "value.not_a_number": (
        '"{text}" không phải là một số',
        'ghi một số viết liền như 1445 hoặc 2.5 ("." trước phần thập phân, không phân cách hàng nghìn, '
        "đơn vị tính ghi ở cột unit), hoặc để trống",
    ),
    "value.missing": ('để trống nhưng unit là "{unit}"', "ghi số liệu, hoặc xoá đơn vị tính"),
    "unit.missing": ("để trống nhưng value là {value}", 'ghi đơn vị tính, vd. "ngày công", "người"'),
    "qualifier.unknown": ('"{text}" không phải là một mức độ chính xác', "ghi một trong {qualifiers}"),
    "qualifier.without_value": ('là "{text}" nhưng value để trống', "xoá nó, hoặc ghi số liệu"),
    "date.not_iso": ('"{text}" không phải là ngày theo dạng YYYY-MM-DD', "{fix}"),
    "date.example": ("", _DATE_FORM),
    "date.example_check": ("", _DATE_FORM + " (và kiểm tra ngày và tháng)"),
    "date.without_time": ("", "ghi ngày không kèm giờ: {iso}"),
    "date.as_iso": ("", "ghi theo dạng YYYY-MM-DD: {iso}"),
    "date.not_real": (
        '"{text}" không phải là một ngày có thật',
        "kiểm tra ngày và tháng (YYYY-MM-DD), vd. 2017-02-28",
    ),
    "date.too_early": (
        "{text} là trước ngày {earliest}",
        "các bản ghi tính từ ngày Quốc khánh {earliest}; kiểm tra năm",
    ),
    "date.future": (
        "{text} là ngày trong tương lai (hôm nay là {today})",
        "kiểm tra năm; chỉ ghi được việc đã xảy ra",
    ),
    "end.before_start": (
        "{end} là trước ngày bắt đầu {start}",
        "sửa lại hai ngày: end không được trước start",
    ),
    # --- across rows ------------------------------------------------------------------------
    "id.repeated": (
        '"{record}" đã dùng ở dòng {line}',
        "đặt cho mỗi dòng một mã riêng, vd. thêm -2 vào mã dòng này",
    ),
    "id.given_twice": (
        '"{record}" được ghi hai lần',
        "đặt cho mỗi dòng một mã riêng, vd. thêm -2 vào mã dòng này",
    ),
    "shared_group.differs": (
        'nhóm "{group}" có {first} từ ngày {first_start} ở {where}, nhưng dòng này có {this} từ ngày {this_start}',
        "các dòng trong một nhóm dùng chung một con số: ghi cho chúng cùng value, unit và start, "
        "hoặc đặt dòng này vào nhóm khác",
    ),
    "figure.none": ("không có số liệu", ""),
    "place.check": ("{message}", 'sửa chữ địa điểm "{place}" hoặc mã đơn vị "{unit_id}"'),
    # --- places, checked against the gazetteer at the record's date ----------------------------
    "place.unknown_id": (
        'mã đơn vị "{unit_id}" không có trong danh mục đơn vị (dựng từ các gói dữ liệu đã cài)',
        "",
    ),
    "place.level_mismatch": ('cấp "{level}" không khớp với đơn vị {unit_id}, vốn là cấp {actual}', ""),
    "place.not_found": ('không có đơn vị nào tên "{place}" vào ngày {day}{close}', ""),
    "place.close": ("; có phải: {names}?", ""),
    "place.ambiguous": ('"{place}" ứng với nhiều đơn vị vào ngày {day}: {names}', ""),
    "place.misspelt": ('"{place}" viết sai: nó được đọc là {path}', "ghi đúng tên đó"),
    "place.not_then": ("{path} ({unit_id}) tồn tại {period}, không có vào ngày {day}", ""),
    "place.other_unit": (
        '"{place}" ứng với {path} ({found_id}) vào ngày {day}, không phải {expected} ({unit_id})',
        "",
    ),
    # --- a planner's new record (add, the workbench's form) ------------------------------------
    "new.no_place": ('Không có địa điểm "{place}" vào ngày {day}.', ""),
    "new.did_you_mean": ("Có phải:", ""),
    "new.place_line": ('  {option}"{path}"', ""),
    "new.province_hint": ("Nếu địa điểm ở một tỉnh nhất định, thêm --province TÊN.", ""),
    "new.narrow_hint": ('Ghi thêm huyện, tỉnh sau dấu phẩy, vd. "xã Xuân Mai, huyện Văn Quan".', ""),
    "new.not_then": ('"{place}" là {path}, tồn tại {period}, không có vào ngày {day}.', ""),
    "new.then_was": ("Vào ngày đó địa điểm là:", ""),
    "new.other_start": ("Hoặc ghi {option} là một ngày trong khoảng thời gian đó.", ""),
    "new.ambiguous": ('"{place}" ứng với nhiều đơn vị vào ngày {day}; hãy chọn một:', ""),
    "new.too_many_places": (
        "{count} {option} trong một dòng, nhiều hơn {most} địa điểm một dòng chứa được",
        "thêm mỗi địa điểm một dòng",
    ),
    "new.place_empty": ("{option} để trống", "ghi xã, huyện hoặc tỉnh nơi diễn ra hoạt động"),
    "new.activity_empty": ("{option} để trống", "ghi việc đã làm"),
    "new.start_empty": ("{option} để trống", "ghi ngày bắt đầu hoạt động, theo dạng YYYY-MM-DD"),
    "new.future": (
        "{option} {text} là ngày trong tương lai (hôm nay là {today})",
        "ghi ngày đã diễn ra hoạt động",
    ),
    "new.qualifier": (
        "{option} '{text}' không phải là một trong {qualifiers}",
        "chọn một trong số đó, hoặc để trống",
    ),
    "new.value_digits": ("{option} '{text}' có {digits} chữ số; một số liệu có nhiều nhất {most} chữ số", ""),
    "new.value_unreadable": (
        "{option} '{text}' không phải là một số đọc được rõ ràng{zero}",
        "ghi chữ số liền ('1234567', '2.5') hoặc kiểu Việt Nam, trong đó '.' phân cách hàng nghìn "
        "(đúng ba chữ số sau mỗi dấu '.') và ',' là dấu thập phân ('1.234.567', '2,5')",
    ),
    "new.leading_zero": (" (số 0 ở đầu là dấu hiệu của một mã số hay ngày tháng, không phải số lượng)", ""),
    "new.read_as": (
        "{option} '{text}' được đọc là {reading} ('.' phân cách hàng nghìn, ',' bắt đầu phần thập phân)",
        "",
    ),
    "new.no_province": ("không có tỉnh nào tên '{name}'", "{fix}"),
    "new.province_close": ("", "có phải: {names}?"),
    "new.province_check": ("", "kiểm tra tên tỉnh (có dấu hay không dấu đều được)"),
    "date.unreadable": ("{what} '{text}' không phải là một ngày", "{fix}"),
    "date.impossible": (
        "{what} '{text}' không phải là một ngày có thật",
        "kiểm tra ngày và tháng (YYYY-MM-DD), vd. 2017-02-28",
    ),
    "date.before_data": (
        "{what} {text} là trước ngày {earliest}, trạng thái cũ nhất của các đơn vị hành chính trong dữ liệu",
        "ghi một ngày muộn hơn",
    ),
    # --- appending --------------------------------------------------------------------------
    "add.problems": ("không ghi gì vào {path}; các bản ghi cần thêm có lỗi", ""),
    "add.clashes": ("không ghi gì vào {path}; các bản ghi cần thêm trùng với các dòng của tệp", ""),
    "add.clashes_more": ("không ghi thêm gì vào {path}; các bản ghi cần thêm trùng với các dòng của tệp", ""),
    "add.ids_taken": (
        "không ghi thêm gì vào {path}: mã {ids} đã có trong tệp (một chương trình khác đã thêm chúng trong lúc chạy)",
        "chạy lại lần nữa",
    ),
    "add.duplicate": (
        "không ghi gì vào {path}: bản ghi này đã có ở dòng {line} (mã {record})",
        "thêm lại một bản ghi đã có thì không thêm gì",
    ),
    "add.too_big": (
        "không ghi gì vào {path}: {found}",
        "rút ngắn chữ (ở quote chỉ giữ câu có con số) hoặc chia các địa điểm ra nhiều dòng",
    ),
    "add.too_long_field": ("{column} có {count} ký tự, nhiều hơn {most} ký tự một ô chứa được", ""),
    "add.too_many_places": ("{count} địa điểm, nhiều hơn {most} địa điểm một dòng chứa được", ""),
    "add.too_long_place": ("một địa điểm dài hơn {most} ký tự", ""),
    "add.spreadsheet": (
        "{path} là một bảng tính: không thể ghi vào đó mà không làm mất định dạng, công thức và các trang khác",
        'thêm các dòng trong bảng tính, hoặc xuất nó ra CSV UTF-8 (File → Save As → "CSV UTF-8") '
        "rồi thêm vào tệp CSV đó",
    ),
    "add.oversized_note": ("dòng {line}: lưu ý: {found} (vẫn giữ; một dòng mới như vậy sẽ bị từ chối)", ""),
    "validate.problems": ("{count} lỗi trong {rows} dòng của {path}", ""),
    "validate.ok": ("{path}: {rows} dòng, không có lỗi", ""),
    "add.done": ("Đã thêm vào {path} (dòng {line}):", ""),
    "add.saved_not_built": (
        "Bản ghi đã được lưu ({path}, dòng {line}) nhưng bản đồ chưa được dựng lại: {reason}",
        "đừng thêm lại bản ghi; chạy `python build_map.py build` khi đã sửa xong",
    ),
    "extract.no_date": (
        "{name}: bài không có ngày; không ghi gì vào {path}",
        "ghi --date YYYY-MM-DD, hoặc thêm dòng ngày",
    ),
    "extract.url_one": (
        "--url là địa chỉ của một bài báo; lệnh đang đọc {count} bài",
        "bỏ --url, hoặc đọc từng bài một: python build_map.py extract BÀI --url ĐỊA_CHỈ",
    ),
    "extract.appended": ("Đã thêm {added} bản ghi vào {path}; {skipped} bản ghi đã có sẵn", ""),
    "build.problems": ("{path} có lỗi", "sửa chúng (python build_map.py validate {path}):\n{listed}"),
    "build.missing": (
        "{path} không tồn tại",
        "tạo nó bằng: python build_map.py add --place ... (xem --help)",
    ),
    # --- the records file -------------------------------------------------------------------
    "file.cannot_read_suffix": (
        "{path}: không đọc được tệp {suffix}",
        "lưu trang tính dưới dạng .xlsx hoặc CSV UTF-8",
    ),
    "file.missing": (
        "{path} không tồn tại",
        "kiểm tra đường dẫn (và thư mục đang chạy lệnh), hoặc thêm bản ghi đầu tiên: việc đó tạo tệp cùng dòng tiêu đề",
    ),
    "file.missing_sheet": ("{path} không tồn tại", "kiểm tra đường dẫn (và thư mục đang chạy lệnh)"),
    "file.path_hint": ("", "ghi đường dẫn của tệp bản ghi, vd. {example}"),
    "file.folder": ("{path} là một thư mục", "ghi đường dẫn của tệp bản ghi, vd. {example}"),
    "file.cannot_read": ("không đọc được {path}: {reason}", "kiểm tra quyền đọc tệp"),
    "file.utf16": ("{name} là UTF-16 (“Unicode Text” của Excel), không phải UTF-8", _SAVE_AS_UTF8),
    "file.not_utf8": (
        "{name} không phải UTF-8: byte 0x{byte} ở vị trí byte {offset} (dòng {line}) không giải mã được; có lẽ tệp "
        "được lưu bằng Windows-1258, Windows-1252 hoặc TCVN3. Dòng {line} là {shown}",
        "mở tệp trong chương trình đã tạo ra nó và " + _SAVE_AS_UTF8,
    ),
    "file.empty": ("{name} trống", "dòng đầu tiên phải là dòng tiêu đề"),
    "file.first_line_empty": ("{name}, dòng 1 trống", "dòng đầu tiên phải là dòng tiêu đề"),
    "file.quote_open": (
        "{name}, dòng {line}: một dấu ngoặc kép '\"' mở ở dòng này không được đóng, nên mọi dòng đến cuối "
        "tệp (dòng {last}) sẽ thành một ô",
        'đóng ngoặc kép (dấu ngoặc kép bên trong một đoạn chữ trong ngoặc kép được viết hai lần: "")',
    ),
    "file.quoting": (
        "{name}, dòng {line}: ngoặc kép sai ({detail})",
        "một ô bắt đầu bằng '\"' phải kết thúc bằng '\"' ngay trước dấu phân cách, và dấu ngoặc kép "
        'bên trong được viết hai lần: ""',
    ),
    "file.not_xlsx": (
        "không đọc được {path} như một sổ tính .xlsx ({detail})",
        "mở nó trong Excel và lưu lại dưới dạng .xlsx",
    ),
    "file.sheet_row1_empty": ("{path}, trang '{sheet}', hàng 1 trống", "hàng đầu tiên phải là dòng tiêu đề"),
    "file.sheet_empty": ("{path}, trang '{sheet}' trống", "hàng đầu tiên phải là dòng tiêu đề"),
    "file.open_in_spreadsheet": (
        "{path} đang mở trong một chương trình bảng tính (nó để lại {lock}); lưu ở đó sẽ làm mất các dòng vừa thêm",
        "đóng tệp trong bảng tính rồi thử lại, hoặc thêm các dòng trong bảng tính. Nếu không có bảng tính "
        "nào đang mở nó, hãy xoá {lock}",
    ),
    "file.not_regular": (
        "{path} không phải là một tệp thường (mà là một thư mục, thiết bị, FIFO hoặc socket)",
        "ghi đường dẫn của một tệp bản ghi",
    ),
    "file.no_temp": ("không tạo được tệp tạm trong {folder}: {reason}", "kiểm tra quyền ghi ở đó"),
    "file.temp_differs": (
        "bản sao tạm của {path} đọc lại không giống như đã ghi; {path} được giữ nguyên",
        "",
    ),
    "file.changed": (
        "{path} đã thay đổi trong lúc thêm các dòng (một chương trình khác đã lưu nó); không ghi gì",
        "hãy thử lại",
    ),
    "file.cannot_write": (
        "không ghi được {path}: {reason}; tệp được giữ nguyên",
        "kiểm tra chỗ trống trên đĩa và quyền ghi",
    ),
    "lock.no_posix": ("không khoá được {path}: thêm bản ghi cần khoá tệp POSIX (Linux hoặc macOS)", ""),
    "lock.cannot_create": ("không tạo được tệp khoá {lock}: {reason}", "kiểm tra quyền ghi ở đó"),
    "lock.held": (
        "một lệnh thêm khác đã giữ {lock} trong {seconds} giây ({holder}); không ghi gì",
        "thử lại khi nó xong",
    ),
    "lock.unknown_pid": ("không rõ pid", ""),
    "lock.waiting": ("Đang chờ một lệnh thêm khác xong (nó đang giữ {lock}) ...", ""),
    "lock.stale": (
        "đã nhận lại khoá cũ {lock} do pid {pid} để lại (tiến trình đó không còn giữ nó: "
        "có lẽ nó đã bị lỗi hoặc bị dừng)",
        "",
    ),
    "file.temp_removed": ("xoá {path}, do một lần ghi bị ngắt để lại (tệp bản ghi vẫn nguyên vẹn)", ""),
    "lock.replaced": ("không lấy được khoá {lock}: nó liên tục bị thay", "hãy thử lại"),
    # --- the workbench's changes to a row -----------------------------------------------------
    "edit.spreadsheet": ("{path} là một bảng tính", "sửa dòng trong bảng tính, hoặc xuất nó ra CSV UTF-8"),
    "edit.problems": ("không ghi gì vào {path}; dòng đã sửa có lỗi", ""),
    "edit.changed": (
        "dòng {line} của {path} đã thay đổi từ lúc được hiển thị (người khác đã lưu); không ghi gì",
        "tải lại trang",
    ),
    "edit.id_taken": ('mã "{record}" đã được một dòng khác của {path} dùng', "giữ mã riêng của dòng này"),
    "edit.unreadable": (
        "dòng {line} không đọc được thành một bản ghi (một số hay một ngày trong đó bị sai)",
        "hãy sửa dòng đó thay vì rút",
    ),
    "edit.already_withdrawn": ("dòng {line} đã được rút rồi", ""),
    "web.bad_json": ("không đọc được yêu cầu (JSON không hợp lệ: {detail})", ""),
    "web.not_object": ("không đọc được yêu cầu (cần một đối tượng JSON)", ""),
    "web.too_large": ("Yêu cầu quá lớn: tối đa {kb} KB", "chọn tệp nhỏ hơn hoặc rút ngắn nội dung"),
    "web.bad_base64": ("tệp '{name}' không đọc được (base64 hỏng: {detail})", "chọn lại tệp"),
    "web.no_file": ("không có tệp này", ""),
    "web.no_map": ("Chưa dựng bản đồ", "bấm “Dựng bản đồ” trước"),
    "web.no_page": ("Không có trang này", ""),
    "web.no_method": ("Phương thức không được phép ở địa chỉ này", ""),
    "web.unexpected": (
        "Lỗi không mong đợi ({kind}); không có gì bị ghi dở",
        "xem nhật ký của máy chủ",
    ),
    "web.none_accepted": ("chưa chọn đề xuất nào", "đánh dấu “Nhận” ở ít nhất một đề xuất"),
    "web.no_good_rows": ("không có dòng nào không lỗi để thêm", ""),
    "web.no_seen": ("thiếu nội dung dòng đang sửa (seen)", "tải lại trang"),
    "import.not_article": ("'{name}' không phải là tệp bài báo", "chọn một tệp .txt hoặc .html"),
    "import.article_not_utf8": (
        "'{name}' không phải UTF-8 (byte {offset}, dòng {line})",
        "lưu bài dưới dạng UTF-8 rồi chọn lại tệp",
    ),
    "import.article_binary": (
        "'{name}' là một tệp nhị phân, không phải bài báo",
        "chọn một tệp .txt hoặc .html",
    ),
    "import.article_empty": ("bài báo trống", "dán nội dung bài hoặc chọn một tệp .txt/.html"),
    "import.article_too_big": (
        "{name}: {size} byte chữ, nhiều hơn {most} byte một bài báo được có",
        "chọn một bài báo thôi",
    ),
    "import.not_sheet": (
        "'{name}' không phải là bảng tính đọc được",
        "chọn một tệp .xlsx hoặc .csv (CSV UTF-8)",
    ),
    "article.date_disagrees": (
        "Ngày ở dòng ngày của bài ({header}) khác ngày được dùng ({used}): nội dung nói về các năm {years}",
        "nếu ngày của sự việc khác, ghi nó ở ô ngày rồi đọc lại",
    ),
    "article.no_date": (
        "Bài không có ngày; các địa điểm được đọc theo các đơn vị hành chính của ngày {as_of}",
        "ghi ngày của sự việc ở ô ngày rồi đọc lại",
    ),
    "article.place_not_found": ("Không tìm thấy địa điểm “{text}” (ở ký tự thứ {start})", ""),
    "article.place_ambiguous": ("Địa điểm “{text}” (ở ký tự thứ {start}) ứng với nhiều đơn vị", ""),
    "import.id_in_file": (
        'id: "{record}" đã có trong tệp bản ghi',
        "dòng này đã có ở đó, hoặc cần một mã khác",
    ),
}


# Where the reader took an article's date from (geo.extract's words) -> as the workbench says it.
DATE_SOURCES = {
    "argument": "ngày đã ghi",
    "date line": "dòng ngày của bài",
    "content (the date line's year disagrees)": "nội dung bài (năm ở dòng ngày không khớp)",
    "the page's month": "tháng của trang",
    "event date in the text": "ngày của sự việc trong bài",
    "none": "không có",
}


def number(value: int | float) -> str:
    """A number shown to a person, the Vietnamese way: ``1445`` → ``1.445``, ``2.5`` → ``2,5``."""
    return format_number(value)


def spaced(value: int | float) -> str:
    """A figure read back to the person who typed it: ``1 445``, ``2,5``.

    Thin spaces group thousands, which no convention reads as a decimal mark, so the reading is
    plain whether the planner typed ``1.445`` or ``1,445``.
    """
    return number(value).replace(".", "\u202f")


def day(value: dt.date) -> str:
    """A date shown to a person: ``01/06/2017``."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def figure(value: int | float | None, unit: str) -> str:
    """A record's figure in a message: ``1.445 ngày công``, or "no figure"."""
    if value is None:
        return say("figure.none").message
    return f"{number(value)} {unit}".strip()


_DMY_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YMD_LOOSE = re.compile(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})")
_DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?")


def date_fix(text: str) -> str:
    """How to write a date that is not ``YYYY-MM-DD``: the same day in that form when it can be read."""
    with_time = _DATE_TIME.fullmatch(text.strip())
    if with_time:
        return say("date.without_time", iso=with_time[1]).fix
    for pattern, order in ((_DMY_DATE, (3, 2, 1)), (_YMD_LOOSE, (1, 2, 3))):
        match = pattern.fullmatch(text.strip())
        if match:
            year, month, day_ = (int(match[i]) for i in order)
            try:
                return say("date.as_iso", iso=dt.date(year, month, day_).isoformat()).fix
            except ValueError:
                return say("date.example_check").fix
    return say("date.example").fix


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, dt.date):
        return day(value)
    return str(value)


def say(code: str, /, **values: object) -> Said:
    """The message of ``code`` with ``values`` filled in (numbers and dates shown the Vietnamese way)."""
    message, fix = _CATALOGUE[code]
    shown = {name: _shown(value) for name, value in values.items()}
    return Said(code, message.format(**shown), fix.format(**shown))


def error(kind: type[E], code: str, /, **values: object) -> E:
    """An exception of ``kind`` carrying the message of ``code`` (and the code, for scripts)."""
    said = say(code, **values)
    err = kind(str(said))
    err.code = code
    return err


def codes() -> tuple[str, ...]:
    """Every code of the catalogue."""
    return tuple(_CATALOGUE)
