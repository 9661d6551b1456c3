"""Synthetic registrations of people on the Western Balkans route, with ground truth.

    python -m putokaz.matching.synthetic --people 5000 --seed 1 --out regs.csv

Each person (from Afghanistan, Syria, Iraq, Pakistan, Morocco or Turkey) has a name in the
original script and a canonical romanisation; each registration is made by an agency whose
registrar romanises in one style (English, French, German, Serbian) and makes the mistakes
registrars make.  Name pools hold hundreds of given and family names per population, built
from per-country lists and the patterns that produce most real names (Abdul + attribute,
-ullah and -uddin compounds, Mohammad + name, nisba -i, -zai/-zada, Al-, Ben-, patronymic
family names).  The assumptions behind the rates are in docs/matching.md.  The ``person``
column is the ground truth and must not be given to a matcher.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import itertools
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from .records import Record

__all__ = ["Registration", "demo_people", "generate", "write_csv"]

_M = "m"
_F = "f"

# ------------------------------------------------------------------------------------ names
# Entries are "Latin:original" (original script empty for Turkish), most frequent first; each
# list is drawn with Zipf-like weights, so order encodes frequency.  Base Arabic-origin names
# are shared by all Muslim-majority populations; each country adds its own names, compounds
# and family-name patterns, and has its own canonical romanisation.


def _parse(text: str) -> list[tuple[str, str]]:
    out = []
    for item in text.replace("\n", ",").split(","):
        item = item.strip()
        if item:
            latin, _, original = item.partition(":")
            out.append((latin.strip(), original.strip()))
    return out


_ARABIC_MALE = _parse("""
Mohammad:محمد, Ahmad:احمد, Ali:علي, Hassan:حسن, Hussain:حسين, Mahmood:محمود, Mustafa:مصطفى,
Omar:عمر, Khalid:خالد, Yousuf:يوسف, Ibrahim:ابراهيم, Abdullah:عبدالله, Othman:عثمان,
Ismail:اسماعيل, Hamza:حمزة, Bilal:بلال, Abbas:عباس, Karim:كريم, Rahim:رحيم, Hamid:حميد,
Said:سعيد, Tariq:طارق, Jamal:جمال, Nasir:ناصر, Qasim:قاسم, Hashim:هاشم, Aziz:عزيز, Amin:امين,
Musa:موسى, Idris:ادريس, Ayoub:ايوب, Suleiman:سليمان, Yahya:يحيى, Zakariya:زكريا, Yunus:يونس,
Ishaq:اسحاق, Yaqub:يعقوب, Isa:عيسى, Dawood:داود, Jafar:جعفر, Hadi:هادي, Mahdi:مهدي,
Majid:ماجد, Rashid:رشيد, Saad:سعد, Salem:سالم, Salim:سليم, Saleh:صالح, Sami:سامي,
Samir:سمير, Walid:وليد, Nabil:نبيل, Kamal:كمال, Jalal:جلال, Bashir:بشير, Mansour:منصور,
Munir:منير, Nadir:نادر, Hakim:حكيم, Halim:حليم, Anwar:انور, Asad:اسد, Ayman:ايمن,
Adnan:عدنان, Imad:عماد, Ammar:عمار, Anas:انس, Usama:اسامة, Faisal:فيصل, Fahad:فهد,
Fadi:فادي, Farid:فريد, Fouad:فؤاد, Fawzi:فوزي, Ghassan:غسان, Habib:حبيب, Haitham:هيثم,
Hisham:هشام, Haroon:هارون, Jawad:جواد, Kazim:كاظم, Khalil:خليل, Latif:لطيف, Marwan:مروان,
Mazin:مازن, Mohsin:محسن, Mukhtar:مختار, Murad:مراد, Nizar:نزار, Noori:نوري, Qais:قيس,
Raed:رائد, Rami:رامي, Riyad:رياض, Reza:رضا, Sabri:صبري, Sadiq:صادق, Safwan:صفوان,
Sharif:شريف, Shadi:شادي, Talal:طلال, Tamer:تامر, Wael:وائل, Wasim:وسيم, Yasir:ياسر,
Zaid:زيد, Ziad:زياد, Zuhair:زهير, Haidar:حيدر, Murtaza:مرتضى, Mujtaba:مجتبى, Sajjad:سجاد,
Aqil:عقيل, Jabbar:جبار, Jasim:جاسم, Hamad:حمد, Hamdi:حمدي, Sultan:سلطان, Shakir:شاكر,
Sabir:صابر, Ihsan:احسان, Ikram:اكرام, Ilyas:الياس, Irfan:عرفان, Imran:عمران, Zubair:زبير,
Tahir:طاهر, Yasin:ياسين, Zakir:ذاكر, Wahid:وحيد, Rauf:رؤوف, Shafiq:شفيق, Rafiq:رفيق,
Tawfiq:توفيق, Naeem:نعيم, Nadeem:نديم, Shahid:شاهد, Suhail:سهيل, Jamil:جميل, Adel:عادل,
Akram:اكرم, Asim:عاصم, Ashraf:اشرف, Azhar:ازهر, Badr:بدر, Fares:فارس, Hatem:حاتم,
Jihad:جهاد, Luay:لؤي, Maher:ماهر, Muhannad:مهند, Muath:معاذ, Nasr:نصر, Samer:سامر,
Yazan:يزن, Hani:هاني, Hussam:حسام, Iyad:اياد, Kinan:كنان, Loay:لؤي, Mamoun:مأمون,
Nidal:نضال, Rabie:ربيع, Saif:سيف, Sufyan:سفيان, Thamer:ثامر, Umar:عمر, Wisam:وسام
""")
_ARABIC_FEMALE = _parse("""
Fatima:فاطمة, Aisha:عائشة, Khadija:خديجة, Maryam:مريم, Zainab:زينب, Amina:امينة,
Asma:اسماء, Halima:حليمة, Ruqayya:رقية, Hafsa:حفصة, Sumaya:سمية, Safiya:صفية, Salma:سلمى,
Layla:ليلى, Huda:هدى, Hana:هناء, Nour:نور, Amal:امل, Rana:رنا, Rasha:رشا, Reem:ريم,
Lina:لينا, Dima:ديما, Hala:هالة, Samira:سميرة, Karima:كريمة, Latifa:لطيفة, Naima:نعيمة,
Jamila:جميلة, Nadia:نادية, Noura:نورة, Sara:سارة, Hajar:هاجر, Yasmin:ياسمين, Ghada:غادة,
Iman:ايمان, Jumana:جمانة, Lubna:لبنى, Maha:مها, Manal:منال, Mona:منى, Najla:نجلاء,
Rania:رانيا, Rima:ريما, Sahar:سحر, Samar:سمر, Sawsan:سوسن, Suad:سعاد, Wafa:وفاء,
Widad:وداد, Zahra:زهراء, Aya:اية, Batoul:بتول, Duaa:دعاء, Israa:اسراء, Farah:فرح,
Hadeel:هديل, Hiba:هبة, Malak:ملك, Marwa:مروة, Nisreen:نسرين, Rawan:روان, Ruba:ربى,
Shaima:شيماء, Tasneem:تسنيم, Rabia:رابعة, Sakina:سكينة, Munira:منيرة, Basma:بسمة,
Bushra:بشرى, Fadwa:فدوى, Ghufran:غفران, Hanan:حنان, Ibtisam:ابتسام, Kawthar:كوثر,
Khawla:خولة, Lamia:لمياء, Nawal:نوال, Raghad:رغد, Alaa:الاء, Bayan:بيان, Dalia:داليا,
Eman:ايمان, Ghalia:غالية, Habiba:حبيبة, Inas:ايناس, Jana:جنى, Lama:لمى, Mais:ميس,
Nada:ندى, Nesma:نسمة, Rahaf:رهف, Sanaa:سناء, Shahd:شهد, Wiam:وئام, Zeina:زينة
""")
_ABD_ATTRIBUTES = _parse("""
Rahman:رحمن, Rahim:رحيم, Karim:كريم, Aziz:عزيز, Qadir:قادر, Hamid:حميد, Majid:مجيد,
Latif:لطيف, Wahid:واحد, Ghafoor:غفور, Hakim:حكيم, Jabbar:جبار, Basir:بصير, Malik:مالك,
Nasir:ناصر, Qayyum:قيوم, Rashid:رشيد, Razzaq:رزاق, Sattar:ستار, Wahab:وهاب, Salam:سلام,
Hadi:هادي, Ghani:غني, Bari:باري, Khaliq:خالق, Mannan:منان, Rauf:رؤوف, Samad:صمد,
Shakoor:شكور, Wali:ولي, Jalil:جليل, Halim:حليم, Haq:حق, Ilah:اله, Quddus:قدوس, Hafiz:حافظ,
Raziq:رازق, Sabur:صبور, Muttalib:مطلب, Alim:عليم
""")
_ULLAH = _parse("""
Zabih:ذبیح, Naqib:نقیب, Hikmat:حکمت, Rahmat:رحمت, Sami:سمیع, Ehsan:احسان, Asad:اسد,
Habib:حبیب, Hayat:حیات, Inayat:عنایت, Najib:نجیب, Nasr:نصر, Obaid:عبید, Qudrat:قدرت,
Rafi:رفیع, Safi:صفی, Sana:ثنا, Shafi:شفیع, Shukr:شکر, Wali:ولی, Zaki:ذکی, Zia:ضیا,
Amin:امین, Atiq:عتیق, Aziz:عزیز, Fazl:فضل, Hamid:حمید, Kalim:کلیم, Karim:کریم,
Latif:لطیف, Nur:نور, Rahim:رحیم, Saif:سیف, Sher:شیر, Wahid:وحید, Esmat:عصمت,
Nemat:نعمت, Barakat:برکت, Ghairat:غیرت, Khalil:خلیل
""")
_UDDIN = _parse("""
Nizam:نظام, Salah:صلاح, Ala:علاء, Jalal:جلال, Kamal:کمال, Mohi:محی, Najm:نجم, Noor:نور,
Shams:شمس, Siraj:سراج, Zain:زین, Qutb:قطب, Moin:معین, Fakhr:فخر, Sadr:صدر, Ghias:غیاث,
Shahab:شهاب, Imad:عماد, Badr:بدر, Khair:خیر, Saif:سیف, Taj:تاج, Izz:عز, Jamal:جمال
""")
_AF_MALE = _parse("""
Gul Ahmad:گل احمد, Wali:ولی, Nabi:نبی, Omid:امید, Sohrab:سهراب, Rostam:رستم, Farhad:فرهاد,
Behzad:بهزاد, Javid:جاوید, Navid:نوید, Fawad:فواد, Shafi:شفیع, Zalmai:زلمی, Ajmal:اجمل,
Mirwais:میرویس, Nasrat:نصرت, Hayat:حیات, Baryalai:بریالی, Toryalai:توریالی, Mujib:مجیب,
Najib:نجیب, Qadir:قادر, Sayed:سید, Mir:میر, Aimal:ایمل, Parwiz:پرویز, Shahram:شهرام,
Khushal:خوشحال, Masood:مسعود, Yama:یما, Bahram:بهرام, Nematullah:نعمت‌الله, Jan Agha:جان آغا,
Sher Ali:شیرعلی, Gulbuddin:گلبدین, Hekmat:حکمت, Rahmat:رحمت, Khan Mohammad:خان محمد,
Dost Mohammad:دوست محمد, Nazar:نظر, Akbar:اکبر, Asghar:اصغر, Anwar:انور, Zaher:ظاهر,
Ghulam:غلام, Sakhi:سخی, Shirzad:شیرزاد, Jamshid:جمشید, Fardin:فردین, Milad:میلاد,
Mehdi:مهدی, Morteza:مرتضی, Hamed:حامد, Vahid:وحید, Saeed:سعید, Amir:امیر, Arash:آرش,
Hamidullah:حمیدالله, Sardar:سردار, Mirza:میرزا, Lal Mohammad:لعل محمد, Taj Mohammad:تاج محمد,
Noor Mohammad:نور محمد, Shah Mahmood:شاه محمود, Ahmad Shah:احمد شاه, Zia:ضیا, Tamim:تمیم,
Waheed:وحید, Hasib:حسیب, Khalil:خلیل, Daud:داود, Shoaib:شعیب, Rasul:رسول, Hanif:حنیف
""")
_AF_FEMALE = _parse("""
Parwana:پروانه, Shabnam:شبنم, Nilofar:نیلوفر, Frishta:فرشته, Gulalai:ګلالۍ, Malalai:ملالۍ,
Marzia:مرضیه, Masuma:معصومه, Farzana:فرزانه, Sima:سیما, Shakila:شکیلا, Mahbooba:محبوبه,
Nazia:نازیه, Roya:رویا, Mursal:مرسل, Sadaf:صدف, Shirin:شیرین, Tahmina:تهمینه, Yalda:یلدا,
Zarmina:زرمینه, Zarghona:زرغونه, Spogmai:سپوږمۍ, Breshna:برښنا, Gulnaz:گلناز,
Gulsoom:گلثوم, Hamida:حمیده, Homa:هما, Mahnaz:مهناز, Nasrin:نسرین, Nargis:نرگس,
Parisa:پریسا, Rahima:رحیمه, Shukria:شکریه, Soraya:ثریا, Wazhma:وږمه, Zohra:زهره,
Arezo:آرزو, Mina:مینا, Fereshta:فرشته, Zarifa:ظریفه, Bibi Gul:بی بی گل, Gul Bibi:گل بی بی,
Fariba:فریبا, Mariam:مریم, Mahsa:مهسا, Somaya:سمیه, Tamana:تمنا, Wahida:وحیده
""")
_PK_MALE = _parse("""
Kamran:کامران, Zeeshan:ذیشان, Naveed:نوید, Waqar:وقار, Junaid:جنید, Shahzad:شہزاد,
Arshad:ارشد, Asif:آصف, Atif:عاطف, Babar:بابر, Danish:دانش, Fahim:فہیم, Farhan:فرحان,
Iftikhar:افتخار, Javed:جاوید, Khurram:خرم, Mudassar:مدثر, Mubashir:مبشر, Nauman:نعمان,
Qaiser:قیصر, Raheel:راحیل, Rizwan:رضوان, Sajid:ساجد, Salman:سلمان, Shoaib:شعیب,
Tanveer:تنویر, Umair:عمیر, Usman:عثمان, Waqas:وقاص, Zahid:زاہد, Zulfiqar:ذوالفقار,
Aamir:عامر, Adeel:عدیل, Ahsan:احسن, Faizan:فیضان, Hasnain:حسنین, Kashif:کاشف, Qamar:قمر,
Shakeel:شکیل, Tauseef:توصیف, Waheed:وحید, Aslam:اسلم, Akhtar:اختر, Iqbal:اقبال,
Pervaiz:پرویز, Nawaz:نواز, Sarfraz:سرفراز, Shehzad:شہزاد, Tahir:طاہر, Yasir:یاسر,
Abid:عابد, Amjad:امجد, Ejaz:اعجاز, Fayyaz:فیاض, Ghazanfar:غضنفر, Haris:حارث,
Jahangir:جہانگیر, Liaqat:لیاقت, Mazhar:مظہر, Nadir:نادر, Rehan:ریحان, Sohail:سہیل
""")
_PK_GHULAM = _parse("""
Mustafa:مصطفیٰ, Abbas:عباس, Rasool:رسول, Haider:حیدر, Nabi:نبی, Qadir:قادر, Sarwar:سرور,
Murtaza:مرتضیٰ, Hussain:حسین, Ali:علی, Farid:فرید, Yasin:یاسین, Shabbir:شبیر, Mohiuddin:محی الدین
""")
_PK_FEMALE = _parse("""
Ayesha:عائشہ, Sana:ثنا, Hina:حنا, Sadia:سعدیہ, Shazia:شازیہ, Iqra:اقرا, Mehwish:مہوش,
Saima:صائمہ, Samina:ثمینہ, Shabana:شبانہ, Uzma:عظمیٰ, Rukhsana:رخسانہ, Tahira:طاہرہ,
Nabila:نبیلہ, Kiran:کرن, Humaira:حمیرا, Mehreen:مہرین, Noreen:نورین, Razia:رضیہ,
Sobia:صوبیہ, Tayyaba:طیبہ, Amna:آمنہ, Kausar:کوثر, Parveen:پروین, Zubaida:زبیدہ,
Naseem:نسیم, Rubina:روبینہ, Shagufta:شگفتہ, Sumaira:سمیرا, Farhat:فرحت
""")
_IQ_MALE = _parse("""
Karrar:كرار, Abdul Amir:عبد الامير, Abdul Hussein:عبد الحسين, Abdul Zahra:عبد الزهرة,
Haider:حيدر, Muntadhar:منتظر, Muqtada:مقتدى, Hasanain:حسنين, Aqeel:عقيل, Uday:عدي,
Qusay:قصي, Mustafa:مصطفى, Falah:فلاح, Salam:سلام, Sattar:ستار, Kadhim:كاظم, Jabbar:جبار,
Jawad:جواد, Hameed:حميد, Raad:رعد, Saad:سعد, Wissam:وسام, Dhiaa:ضياء, Thaer:ثائر,
Laith:ليث, Mohannad:مهند, Ahmed Jasim:احمد جاسم, Zaid:زيد, Sinan:سنان, Bassam:بسام
""")
_IQ_FEMALE = _parse("""
Zahraa:زهراء, Rusul:رسل, Ban:بان, Shahad:شهد, Noor:نور, Sura:سرى, Tabarak:تبارك,
Ghofran:غفران, Fatima Zahraa:فاطمة الزهراء, Zainab:زينب, Mariam:مريم, Dunya:دنيا,
Hawraa:حوراء, Maryam:مريم, Rafal:رفل, Sajida:ساجدة, Sundus:سندس, Taiba:طيبة
""")
_SY_MALE = _parse("""
Abdul Rahman:عبد الرحمن, Abdul Karim:عبد الكريم, Abdul Qader:عبد القادر, Ahmad Ali:احمد علي,
Mohammed Nour:محمد نور, Mohammed Ali:محمد علي, Mohammed Khair:محمد خير, Ghaith:غيث,
Majd:مجد, Muhammad Saeed:محمد سعيد, Obada:عبادة, Qutaiba:قتيبة, Rabee:ربيع, Shadi:شادي,
Yaman:يمان, Zakaria:زكريا, Abdulaziz:عبد العزيز, Abdulhadi:عبد الهادي, Firas:فراس,
Husam:حسام, Khaldoun:خلدون, Mahmoud:محمود, Moaz:معاذ, Mouhanad:مهند, Naji:ناجي,
Rakan:راكان, Ward:ورد, Yahya:يحيى, Hazem:حازم, Alaa:علاء
""")
_SY_FEMALE = _parse("""
Aya:اية, Bayan:بيان, Heba:هبة, Lama:لمى, Nour Al-Huda:نور الهدى, Rama:راما, Sidra:سدرة,
Tala:تالا, Yara:يارا, Batoul:بتول, Doaa:دعاء, Ghina:غنى, Joud:جود, Lujain:لجين,
Maysoon:ميسون, Raghad:رغد, Sham:شام, Taghreed:تغريد, Wafaa:وفاء, Zeinab:زينب
""")
_MA_MALE = _parse("""
Mohamed:محمد, Ahmed:أحمد, Youssef:يوسف, Abdelkader:عبد القادر, Said:سعيد, Rachid:رشيد,
Hicham:هشام, Mustapha:مصطفى, Khalid:خالد, Abdellah:عبد الله, Omar:عمر, Hamza:حمزة,
Driss:إدريس, Abdelaziz:عبد العزيز, Noureddine:نور الدين, Brahim:إبراهيم, Ayoub:أيوب,
Mehdi:مهدي, Soufiane:سفيان, Anouar:أنور, Zakaria:زكرياء, Abdelilah:عبد الإله, Amine:أمين,
Adil:عادل, Aziz:عزيز, Badr:بدر, Bilal:بلال, Hassan:حسن, Houssine:حسين, Ismail:إسماعيل,
Jamal:جمال, Karim:كريم, Lahcen:لحسن, Mbarek:مبارك, Mohammed Amine:محمد أمين, Nabil:نبيل,
Othmane:عثمان, Redouane:رضوان, Saad:سعد, Tarik:طارق, Yassine:ياسين, Zouhair:زهير,
Abderrahim:عبد الرحيم, Abderrahmane:عبد الرحمن, Abdelhak:عبد الحق, Abdelmajid:عبد المجيد,
Abdellatif:عبد اللطيف, Abdeljalil:عبد الجليل, Abdessamad:عبد الصمد, Abdelghani:عبد الغني,
Aziz:عزيز, Fouad:فؤاد, Hakim:حكيم, Jawad:جواد, Khalil:خليل, Mounir:منير, Mourad:مراد,
Nourdine:نور الدين, Rida:رضا, Salah:صلاح, Taoufik:توفيق, Wadie:وديع, Younes:يونس,
Ilyas:إلياس, Achraf:أشرف, Marouane:مروان, Oussama:أسامة, Anas:أنس, Hamid:حميد,
Lhoussaine:الحسين, Mimoun:ميمون, Moha:موحى, Aissa:عيسى, Allal:علال, Bouchaib:بوشعيب,
Abdeslam:عبد السلام, Miloud:ميلود, Larbi:العربي, Hamid Reda:حميد رضا, Jilali:الجيلالي
""")
_MA_FEMALE = _parse("""
Fatima:فاطمة, Khadija:خديجة, Naima:نعيمة, Malika:مليكة, Zineb:زينب, Samira:سميرة,
Houda:هدى, Latifa:لطيفة, Souad:سعاد, Karima:كريمة, Fatima Zahra:فاطمة الزهراء, Hafsa:حفصة,
Hanane:حنان, Ikram:إكرام, Imane:إيمان, Khaoula:خولة, Loubna:لبنى, Meryem:مريم,
Nadia:نادية, Nawal:نوال, Rachida:رشيدة, Saida:سعيدة, Salma:سلمى, Siham:سهام, Soukaina:سكينة,
Wafae:وفاء, Yasmine:ياسمين, Zahra:زهرة, Aicha:عائشة, Hayat:حياة, Hind:هند, Jamila:جميلة,
Kaoutar:كوثر, Mouna:منى, Najat:نجاة, Rajae:رجاء, Sanae:سناء, Touria:ثريا, Zohra:زهرة
""")
_TR_MALE = _parse("""
Mehmet, Mustafa, Ahmet, Ali, Hüseyin, Hasan, İbrahim, Murat, Yusuf, Ömer, İsmail, Ramazan,
Osman, Süleyman, Abdullah, Mahmut, Halil, Recep, Kadir, Salih, Hakan, Emre, Fatih, Burak,
Kemal, Cemal, Abdurrahman, Muhammed, Serkan, Orhan, Metin, Erkan, Volkan, Gökhan, Tolga,
Onur, Uğur, Selim, Engin, Cengiz, Levent, Tuncay, Yaşar, Bülent, Sinan, Emin, Erdem, Eren,
Furkan, Enes, Yunus, Yasin, Kerem, Barış, Deniz, Can, Cem, Mert, Arda, Batuhan, Berk, Oğuz,
Serdar, Taner, Umut, Zafer, Adem, Bayram, Ercan, Ferhat, Hamza, Harun, Hikmet, İlhan,
İsmet, Kenan, Muharrem, Necati, Nihat, Nuri, Rıza, Sabri, Sedat, Şükrü, Tahir, Turan,
Yakup, Zeki, Bekir, Cafer, Davut, Ekrem, Erol, Faruk, Güven, Hayati, İrfan, Kazım, Lütfi,
Mesut, Musa, Necmettin, Rasim, Şahin, Tayfun, Ünal, Vedat, Yavuz, Abdülkadir, Mehmet Ali,
Ahmet Can, Mustafa Kemal, Ali Rıza, Hacı, Veysel, Şeyhmus, Mehmet Emin, Abdulbaki, Nurettin
""")
_TR_FEMALE = _parse("""
Fatma, Ayşe, Emine, Hatice, Zeynep, Elif, Meryem, Şerife, Zehra, Esra, Merve, Özlem, Hülya,
Sevgi, Leyla, Gül, Derya, Selin, Büşra, Kübra, Sibel, Aysel, Songül, Yasemin, Dilek, Nur,
Esma, Havva, Hacer, Sultan, Rabia, Tuğba, Gamze, Melek, Hande, Aslı, Ebru, Filiz, Gülsüm,
Hanife, Kader, Nazlı, Pınar, Reyhan, Saadet, Şule, Türkan, Ümmühan, Yeter, Zübeyde,
Elif Nur, Fadime, Hayriye, Medine, Nurcan, Sevda, Sultan, Şeyma, Tülay, Zeliha
""")
_TR_FAMILY = _parse("""
Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, Arslan, Doğan,
Kılıç, Aslan, Çetin, Kara, Koç, Kurt, Özkan, Şimşek, Polat, Özcan, Korkmaz, Çakır, Erdoğan,
Yavuz, Can, Acar, Şen, Aktaş, Güler, Yalçın, Güneş, Bozkurt, Bulut, Keskin, Ünal, Turan,
Gül, Özer, Işık, Kaplan, Avcı, Sarı, Tekin, Taş, Köse, Yüksel, Ateş, Aksoy, Yiğit, Cengiz,
Uçar, Türk, Tunç, Altun, Baysal, Ekinci, Güven, Karakaya, Karataş, Sönmez, Temel, Tosun,
Uysal, Yurt, Akın, Aydoğan, Bayram, Çiftçi, Demirci, Duman, Durmaz, Erdem, Eren, Gündoğdu,
Kahraman, Kalkan, Karaca, Kocaman, Metin, Oral, Önal, Özbek, Özkaya, Özyurt, Sezer, Soylu,
Tatlı, Toprak, Uzun, Yaman, Yazıcı, Yücel, Zengin, Akgül, Altıntaş, Başaran, Coşkun, Deniz,
Dinç, Ergün, Genç, Gök, İnce, Kırmızı, Oğuz, Orhan, Şahan, Akbulut, Arıkan, Aslantaş,
Bilgin, Bingöl, Çınar, Dağ, Demirtaş, Elmas, Erol, Gümüş, Kurtuluş, Özgür, Sevim, Tan
""")
_TR_PREFIX = ["Kara", "Ak", "Öz", "Er", "Gök", "Demir", "Yıl", "Al", "Kız", "Tun", "Bay", "Şen"]
_TR_SUFFIX = ["kaya", "han", "türk", "can", "taş", "oğlu", "er", "dağ", "soy", "el", "alp", "ay"]

_AF_TRIBES = _parse("""
Ahmadzai:احمدزی, Yousufzai:یوسفزی, Barakzai:بارکزی, Popalzai:پوپلزی, Alkozai:الکوزی,
Noorzai:نورزی, Achakzai:اڅکزی, Ishaqzai:اسحاقزی, Stanikzai:ستانکزی, Mohammadzai:محمدزی,
Sulaimankhel:سلیمانخیل, Kakar:کاکړ, Tokhi:توخی, Hotak:هوتک, Ghilzai:غلزی, Mangal:منگل,
Zadran:زدران, Wardak:وردک, Safi:صافی, Mohmand:مومند, Shinwari:شینواری, Afridi:افریدی,
Durrani:درانی, Niazi:نیازی, Lodin:لودین, Jaji:جاجی, Tanai:تڼی, Khogyani:خوګیانی,
Popal:پوپل, Sadat:سادات, Andar:اندړ, Taraki:ترکی, Kharoti:خروتی, Zazai:ځاځی,
Sahak:ساهک, Totakhel:توتاخیل, Ahmadi:احمدی, Hazara:هزاره, Tajik:تاجیک, Uzbek:ازبک
""")
_IQ_TRIBES = _parse("""
Jaburi:الجبوري, Obaidi:العبيدي, Dulaimi:الدليمي, Tamimi:التميمي, Rubaie:الربيعي,
Saadi:الساعدي, Shammari:الشمري, Kubaisi:الكبيسي, Zubaidi:الزبيدي, Janabi:الجنابي,
Khazraji:الخزرجي, Azzawi:العزاوي, Bayati:البياتي, Hashimi:الهاشمي, Musawi:الموسوي,
Husseini:الحسيني, Tikriti:التكريتي, Baghdadi:البغدادي, Mosuli:الموصلي, Basri:البصري,
Anbari:الانباري, Karbalai:الكربلائي, Najafi:النجفي, Samarrai:السامرائي, Hilli:الحلي,
Kaabi:الكعبي, Lami:اللامي, Maliki:المالكي, Fatlawi:الفتلاوي, Daraji:الدراجي,
Ugaili:العكيلي, Shawi:الشاوي, Hamdani:الهمداني, Ansari:الانصاري, Khafaji:الخفاجي,
Zaidi:الزيدي, Kinani:الكناني, Mayahi:المياحي, Asadi:الاسدي, Sudani:السوداني,
Jumaili:الجميلي, Mashhadani:المشهداني, Qaisi:القيسي, Dawoodi:الداودي, Kurdi:الكردي
""")
_SY_FAMILY = _parse("""
Haddad:حداد, Najjar:نجار, Khatib:الخطيب, Sabbagh:صباغ, Attar:العطار, Hallaq:حلاق,
Khayyat:الخياط, Dabbagh:دباغ, Jazzar:الجزار, Hamwi:الحموي, Halabi:الحلبي, Homsi:الحمصي,
Shami:الشامي, Masri:المصري, Dimashqi:الدمشقي, Idlibi:الادلبي, Kurdi:الكردي,
Turkmani:التركماني, Hourani:الحوراني, Zoubi:الزعبي, Miqdad:المقداد, Hariri:الحريري,
Darwish:درويش, Shaheen:شاهين, Sheikh:الشيخ, Qassab:القصاب, Barakat:بركات, Nassar:نصار,
Hamdan:حمدان, Kayyali:الكيالي, Jabr:جبر, Bakri:البكري, Omari:العمري, Azm:العظم,
Atassi:الاتاسي, Jundi:الجندي, Sabouni:الصابوني, Tabbaa:الطباع, Zein:الزين, Asaad:الاسعد,
Hamoud:حمود, Issa:عيسى, Khoury:خوري, Rifai:الرفاعي, Sayyed:السيد, Shishakli:الشيشكلي,
Aswad:الاسود, Ahmar:الاحمر, Abboud:عبود, Jasem:جاسم, Mousa:موسى, Hallak:حلاق
""")
_PK_FAMILY = _parse("""
Khan:خان, Butt:بٹ, Chaudhry:چودھری, Malik:ملک, Qureshi:قریشی, Siddiqui:صدیقی, Sheikh:شیخ,
Awan:اعوان, Raja:راجہ, Shah:شاہ, Mirza:مرزا, Rana:رانا, Bhatti:بھٹی, Iqbal:اقبال,
Akhtar:اختر, Ansari:انصاری, Abbasi:عباسی, Gondal:گوندل, Cheema:چیمہ, Gill:گل, Bajwa:باجوہ,
Warraich:وڑائچ, Sandhu:سندھو, Jatt:جٹ, Rajput:راجپوت, Arain:آرائیں, Gujjar:گجر,
Mughal:مغل, Syed:سید, Hashmi:ہاشمی, Gilani:گیلانی, Bukhari:بخاری, Naqvi:نقوی, Rizvi:رضوی,
Jafri:جعفری, Zaidi:زیدی, Kazmi:کاظمی, Aslam:اسلم, Anwar:انور, Khokhar:کھوکھر, Dar:ڈار,
Lone:لون, Mir:میر, Baig:بیگ, Niazi:نیازی, Yousafzai:یوسفزئی, Afridi:آفریدی, Khattak:خٹک,
Durrani:درانی, Marwat:مروت, Leghari:لغاری, Mazari:مزاری, Khosa:کھوسہ, Jamali:جمالی,
Bugti:بگٹی, Memon:میمن, Soomro:سومرو, Chandio:چانڈیو, Bhutto:بھٹو, Abro:ابڑو,
Paracha:پراچہ, Sethi:سیٹھی, Kiani:کیانی, Janjua:جنجوعہ, Minhas:منہاس, Tarar:تارڑ,
Virk:ورک, Sial:سیال, Tiwana:ٹوانہ, Chattha:چٹھہ, Goraya:گورایہ, Ghuman:گھمن, Sahi:ساہی,
Rathore:راٹھور, Khawaja:خواجہ, Mahmood:محمود, Hussain:حسین, Ahmed:احمد, Ali:علی,
Javed:جاوید, Rehman:رحمان, Zafar:ظفر, Nawaz:نواز, Riaz:ریاض, Ashraf:اشرف, Saleem:سلیم
""")
_MA_FAMILY = _parse("""
El Amrani:العمراني, Alaoui:العلوي, El Idrissi:الإدريسي, Bennani:بناني, Tazi:التازي,
Berrada:برادة, El Fassi:الفاسي, Chraibi:الشرايبي, Ouazzani:الوزاني, El Khatib:الخطيب,
Benjelloun:بنجلون, Lahlou:لحلو, Belkadi:بلقاضي, Zerouali:الزروالي, Rahmouni:الرحموني,
Haddou:حدو, Amzil:أمزيل, Ould Ahmed:ولد أحمد, El Mansouri:المنصوري, El Hachimi:الهاشمي,
El Ouardi:الوردي, Bouzid:بوزيد, Boukhari:البخاري, Bouazza:بوعزة, Azzouzi:العزوزي,
Ait Ahmed:آيت أحمد, Ait Ali:آيت علي, Ait Said:آيت سعيد, Ait Brahim:آيت إبراهيم, Ouchen:أوشن,
Oufkir:أوفقير, Amrani:العمراني, Sebti:السبتي, Kettani:الكتاني, Sqalli:الصقلي, Tahiri:الطاهري,
Naciri:الناصري, Filali:الفيلالي, Slaoui:السلاوي, Zniber:زنيبر, Lamrani:لمراني,
Mernissi:المرنيسي, Benkirane:بنكيران, Bensouda:بنسودة, Cherkaoui:الشرقاوي, Zemmouri:الزموري,
Doukkali:الدكالي, Harrak:حراك, Jaouhari:الجوهري, El Alami:العلمي, Bakkali:البقالي,
Ziani:الزياني, Essaidi:السعيدي, Elbaz:الباز, Souiri:السويري, Mekouar:مكوار,
Boutaleb:بوطالب, Boussaid:بوسعيد, Bouchta:بوشتى, Belhaj:بلحاج, Hamdaoui:الحمداوي
""")


_PERSIAN = str.maketrans({"ي": "ی", "ك": "ک", "ة": "ه", "ى": "ی", "أ": "ا", "إ": "ا"})
_URDU = str.maketrans({"ي": "ی", "ك": "ک", "ة": "ہ", "ى": "ی", "أ": "ا", "إ": "ا"})
# Canonical romanisations that differ by country for the commonest names (an Afghan
# Mohammad is a Syrian Mohammed, a Pakistani Muhammad, a Moroccan Mohamed).
_LEVANT = {"Mohammad": "Mohammed", "Ahmad": "Ahmed", "Hussain": "Hussein", "Mahmood": "Mahmoud",
           "Yousuf": "Youssef", "Dawood": "Dawoud", "Haroon": "Haroun", "Kazim": "Kadhim",
           "Murtaza": "Murtadha", "Reza": "Ridha"}  # fmt: skip
_CANON = {
    "AF": {},
    "PK": {"Mohammad": "Muhammad", "Ahmad": "Ahmed", "Othman": "Usman", "Mahmood": "Mehmood"},
    "SY": _LEVANT,
    "IQ": _LEVANT,
    "MA": {"Mohammad": "Mohamed", "Ahmad": "Ahmed", "Hussain": "Houssine", "Mustafa": "Mustapha",
           "Yousuf": "Youssef", "Ibrahim": "Brahim", "Idris": "Driss", "Hisham": "Hicham",
           "Rashid": "Rachid", "Othman": "Othmane", "Tariq": "Tarik", "Yunus": "Younes"},
}  # fmt: skip
_SCRIPT = {"AF": _PERSIAN, "PK": _URDU, "SY": None, "IQ": None, "MA": None}
_MAGHREB = [("sh", "ch"), ("oo", "ou"), ("u", "ou"), ("ee", "i"), ("w", "ou"), ("q", "k")]


def _rewrite(text: str, rules: Sequence[tuple[str, str]]) -> str:
    """Apply (from, to) rewrites in one left-to-right pass, longest match first, so that a
    rewrite's output is never rewritten again (sh -> sch must not become stsch)."""
    table = dict(rules)
    if not table:
        return text
    pattern = _rewrite_pattern(tuple(sorted(table, key=len, reverse=True)))
    return pattern.sub(lambda m: table[m.group(0)], text)


@cache
def _rewrite_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(k) for k in keys))


def _localise(items: Sequence[tuple[str, str]], nat: str) -> list[tuple[str, str]]:
    """Country's canonical romanisation and orthography of shared Arabic-origin names."""
    out = []
    table = _SCRIPT[nat]
    canon = _CANON[nat]
    for latin, original in items:
        words = []
        for w in latin.split(" "):
            if w in canon:
                w = canon[w]
            elif nat == "MA":
                # French-influenced Maghrebi spelling: ch for sh, ou for u/w.
                w = _rewrite(w.lower(), _MAGHREB).capitalize()
            words.append(w)
        out.append((" ".join(words), original.translate(table) if table else original))
    return out


def _interleave(*lists: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: set[str] = set()
    out = []
    for group in itertools.zip_longest(*lists):
        for item in group:
            if item is not None and item[0].lower() not in seen:
                seen.add(item[0].lower())
                out.append(item)
    return out


def _compounds(nat: str) -> list[tuple[str, str]]:
    persian = nat in ("AF", "PK")
    sep = "" if persian else " "
    out: list[tuple[str, str]] = []
    abd = [(f"Abdul {x}", f"عبد{sep}ال{o}") for x, o in _ABD_ATTRIBUTES]
    if nat == "MA":
        abd = [(f"Abdel{x.lower()}", f"عبد ال{o}") for x, o in _ABD_ATTRIBUTES]
    if nat in ("AF", "PK"):
        mohammad = "Muhammad" if nat == "PK" else "Mohammad"
        with_m = ["Reza", "Nabi", "Yousuf", "Karim", "Ali", "Hassan", "Hussain", "Jawad", "Omar",
                  "Ismail", "Amin", "Ibrahim", "Sharif", "Wali", "Nasir", "Rahim", "Qasim",
                  "Sadiq", "Tahir", "Yasin", "Akbar", "Aziz", "Hashim", "Idris", "Asif"]  # fmt: skip
        names = dict(_ARABIC_MALE) | dict(_AF_MALE)
        m_items = [(f"{mohammad} {x}", "محمد" + names.get(x, "")) for x in with_m if x in names]
        ullah = [(f"{x}ullah", f"{o}الله") for x, o in _ULLAH]
        uddin = [(f"{x}uddin", f"{o}الدین") for x, o in _UDDIN]
        out = _interleave(m_items, abd, ullah, uddin)
        if nat == "PK":
            out = _interleave([(f"Ghulam {x}", f"غلام {o}") for x, o in _PK_GHULAM], out)
        return [(latin, original.translate(_SCRIPT[nat])) for latin, original in out]  # type: ignore[arg-type]
    din = {"SY": " al-Din", "IQ": " al-Din", "MA": "eddine"}[nat]
    uddin = [(f"{x}{din}", f"{o} الدين") for x, o in _UDDIN]
    return _interleave(abd, uddin)


def _nisba(items: Sequence[tuple[str, str]], ya: str) -> list[tuple[str, str]]:
    out = []
    for latin, original in items:
        if " " in latin or not original:
            continue
        if latin == "Reza":
            out.append(("Rezaei", original + "ای" + ya))
        elif latin[-1] not in "aeiouy" and len(latin) > 3:
            out.append((latin + "i", original + ya))
    return out


def _al(items: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(f"Al-{x}", o if o.startswith("ال") else "ال" + o) for x, o in items]


@dataclass(frozen=True, slots=True)
class _Pool:
    items: tuple[tuple[str, str], ...]
    cum: tuple[float, ...]

    def draw(self, rng: random.Random) -> tuple[str, str]:
        k = bisect.bisect_right(self.cum, rng.random() * self.cum[-1])
        return self.items[min(k, len(self.items) - 1)]


def _pool(items: Sequence[tuple[str, str]], exponent: float) -> _Pool:
    # Zipf-like: the k-th most frequent name has weight 1/k^s.
    return _Pool(
        tuple(items),
        tuple(itertools.accumulate(1.0 / (k + 1) ** exponent for k in range(len(items)))),
    )


GIVEN_EXPONENT = 1.0
FAMILY_EXPONENT = 0.8


@cache
def _pools() -> dict[str, dict[str, _Pool]]:
    """Per country: male and female given names, family names and the share of people whose
    family name is their father's (or grandfather's) given name."""
    pools: dict[str, dict[str, _Pool]] = {}
    for nat in ("AF", "PK", "SY", "IQ", "MA"):
        base_m = _localise(_ARABIC_MALE, nat)
        base_f = _localise(_ARABIC_FEMALE, nat)
        own_m = {"AF": _AF_MALE, "PK": _PK_MALE, "SY": _SY_MALE, "IQ": _IQ_MALE, "MA": _MA_MALE}[
            nat
        ]
        own_f = {"AF": _AF_FEMALE, "PK": _PK_FEMALE, "SY": _SY_FEMALE, "IQ": _IQ_FEMALE,
                 "MA": _MA_FEMALE}[nat]  # fmt: skip
        own_m = _localise(own_m, nat) if nat != "MA" else own_m
        own_f = _localise(own_f, nat) if nat != "MA" else own_f
        comp = _compounds(nat)
        # The commonest shared names lead each list; the rest interleave country names,
        # shared names and compounds, so each kind spreads over all frequency ranks.
        if nat == "MA":
            male = _interleave(own_m[:6] + _interleave(own_m[6:], base_m[10:], comp))
        else:
            male = _interleave(base_m[:6] + _interleave(own_m, base_m[6:], comp))
        female = (
            _interleave(own_f, base_f) if nat in ("MA", "AF", "PK") else _interleave(base_f, own_f)
        )
        ya = "ی" if nat in ("AF", "PK") else "ي"
        singles = [x for x in male if " " not in x[0]]
        # Nisbas (Ahmadi, Hashimi) come from the shared Arabic names, not from modern ones.
        arabic_singles = [x for x in base_m if " " not in x[0]]
        if nat == "AF":
            zada_roots = [x for x in singles[:40] if x[0][-1] not in "aeiou"][:25]
            zada = [(x + "zada", o + "زاده") for x, o in zada_roots]
            family = _interleave(_nisba(arabic_singles, ya)[:120], _AF_TRIBES, zada)
        elif nat == "PK":
            family = _interleave(_PK_FAMILY, _nisba(arabic_singles, ya)[:40])
        elif nat == "SY":
            family = _interleave(
                _al(singles[:60]), _SY_FAMILY, _al(_nisba(arabic_singles, ya)[:40])
            )
        elif nat == "IQ":
            family = _interleave(_al(_IQ_TRIBES), _al(_nisba(arabic_singles, ya)[:40]))
        else:
            ben = [
                (("Ben" + x.lower()) if len(x) < 6 else f"Ben {x}", "بن" + o)
                for x, o in singles[:50]
            ]
            family = _interleave(_MA_FAMILY, ben)
        pools[nat] = {
            _M: _pool(male, GIVEN_EXPONENT),
            _F: _pool(female, GIVEN_EXPONENT),
            "family": _pool(family, FAMILY_EXPONENT),
            "patronym": _pool(singles, GIVEN_EXPONENT),
        }
    composed = [(a + b, "") for a in _TR_PREFIX for b in _TR_SUFFIX]
    pools["TR"] = {
        _M: _pool(_TR_MALE, GIVEN_EXPONENT),
        _F: _pool(_TR_FEMALE, GIVEN_EXPONENT),
        "family": _pool(_interleave(_TR_FAMILY + composed), FAMILY_EXPONENT),
        "patronym": _pool(_TR_MALE, GIVEN_EXPONENT),
    }
    return pools


# Share of people whose family-name field holds the father's (AF, PK) or grandfather's (IQ,
# SY) given name: many Afghans have no family name, many Iraqis use the grandfather's name.
PATRONYMIC_SHARE = {"AF": 0.25, "PK": 0.15, "IQ": 0.4, "SY": 0.2, "MA": 0.0, "TR": 0.0}
# Share of people who only know their year of birth (an Afghan tazkira often gives only an age).
YEAR_ONLY_SHARE = {"AF": 0.45, "PK": 0.2, "IQ": 0.15, "SY": 0.1, "MA": 0.1, "TR": 0.03}
REGISTRATION_YEAR = 2023

PLACES = {
    "AF": ["Kabul", "Herat", "Mazar-i-Sharif", "Kandahar", "Jalalabad", "Ghazni", "Kunduz",
           "Baghlan", "Helmand", "Logar", "Wardak", "Paktia", "Nangarhar", "Bamyan", "Khost"],
    "SY": ["Damascus", "Aleppo", "Homs", "Idlib", "Deir ez-Zor", "Raqqa", "Daraa", "Hama",
           "Latakia", "Qamishli", "Al-Hasakah", "Douma", "Tartus", "Manbij", "Afrin"],
    "IQ": ["Baghdad", "Mosul", "Basra", "Erbil", "Kirkuk", "Najaf", "Sulaymaniyah", "Karbala",
           "Fallujah", "Ramadi", "Tikrit", "Duhok", "Nasiriyah", "Hilla", "Samarra"],
    "PK": ["Lahore", "Karachi", "Peshawar", "Gujrat", "Sialkot", "Rawalpindi", "Quetta",
           "Faisalabad", "Gujranwala", "Mardan", "Swat", "Mandi Bahauddin", "Jhelum", "Multan"],
    "MA": ["Casablanca", "Fes", "Tangier", "Oujda", "Nador", "Marrakech", "Beni Mellal",
           "Rabat", "Meknes", "Agadir", "Tetouan", "Khouribga", "Al Hoceima", "Kenitra"],
    "TR": ["Istanbul", "Ankara", "Izmir", "Gaziantep", "Diyarbakır", "Konya", "Van", "Şanlıurfa",
           "Adana", "Mardin", "Bursa", "Hatay", "Kahramanmaraş", "Batman"],
}  # fmt: skip
# Share of people on the route by nationality (order of magnitude from UNHCR Serbia reports).
NATIONALITY_WEIGHTS = {"AF": 0.34, "SY": 0.26, "MA": 0.12, "PK": 0.1, "IQ": 0.08, "TR": 0.1}
NATIONALITY_SPELLINGS = {
    "AF": ["Afghanistan", "AFG", "Avganistan", "Afghan", "afganistan", "AF"],
    "SY": ["Syria", "SYR", "Sirija", "Syrie", "Syrian Arab Republic", "SY"],
    "IQ": ["Iraq", "IRQ", "Irak", "IQ"],
    "PK": ["Pakistan", "PAK", "pakistan", "PK"],
    "MA": ["Morocco", "MAR", "Maroko", "Maroc", "MA"],
    "TR": ["Turkey", "TUR", "Turska", "Türkiye", "TR"],
}

# Registrar romanisation styles: (from, to) rewrites of the canonical spelling, applied in one
# pass (see _rewrite).
STYLES: dict[str, list[tuple[str, str]]] = {
    "english": [],
    "french": [("sh", "ch"), ("oo", "ou"), ("u", "ou"), ("j", "dj"), ("y", "i"), ("w", "ou")],
    "german": [("sh", "sch"), ("ch", "tsch"), ("j", "dsch"), ("y", "j"), ("oo", "u")],
    "serbian": [
        ("sh", "š"), ("ch", "č"), ("zh", "ž"), ("j", "dž"), ("y", "j"), ("kh", "h"),
        ("w", "v"), ("q", "k"), ("oo", "u"), ("ee", "i"), ("mm", "m"), ("ss", "s"),
        ("dd", "d"), ("ou", "u"), ("ph", "f"), ("th", "t"), ("x", "ks"),
    ],
}  # fmt: skip
# Agencies in the Serbian referral mechanism, with the romanisation style their staff use.
AGENCIES = [
    ("border-police", "serbian"),
    ("asylum-office", "serbian"),
    ("commissariat", "serbian"),
    ("ngo-english", "english"),
    ("unhcr-partner", "english"),
    ("ngo-french", "french"),
    ("medical-ngo", "german"),
]
# Vowel and consonant variation registrars produce whatever their language.
VARIANTS = [
    ("o", "u"), ("u", "o"), ("a", "e"), ("e", "a"), ("i", "ee"), ("ee", "i"), ("ai", "ay"),
    ("ei", "ey"), ("ou", "u"), ("mm", "m"), ("m", "mm"), ("ss", "s"), ("s", "ss"),
    ("d", "t"), ("q", "k"), ("k", "q"), ("h", ""), ("y", "i"), ("i", "y"), ("z", "s"),
]  # fmt: skip
# Common names have well-known alternative spellings beyond rule-based variation; any member
# of a group may be written for any other.
_SPELLING_GROUPS = [
    ["Mohammad", "Muhammad", "Mohammed", "Mohamed", "Mohamad", "Muhamed", "Mehmet", "Muhammed",
     "Mohd", "Mouhamad"],
    ["Hussein", "Husein", "Hussain", "Husayn", "Hossein", "Hüseyin", "Husejin", "Hussien",
     "Houssine", "Husain"],
    ["Youssef", "Yusuf", "Yousef", "Yousif", "Jusuf", "Youcef", "Yusef", "Yousuf", "Yusof"],
    ["Abdul Rahman", "Abdulrahman", "Abdurrahman", "Abd al-Rahman", "Abdel Rahman",
     "Abdurahman", "Abdirahman", "Abderrahmane"],
    ["Abdullah", "Abdallah", "Abdellah", "Abdulla", "Abdula", "Abd Allah"],
    ["Ahmad", "Ahmed", "Ahmet", "Ahmd"],
    ["Omar", "Umar", "Ömer", "Omer"],
    ["Othman", "Osman", "Usman", "Uthman", "Otman", "Othmane"],
    ["Fatima", "Fatemeh", "Fatma", "Fatimah", "Fatme", "Fatema"],
    ["Zainab", "Zaynab", "Zeynep", "Zineb", "Zejneb", "Zeinab"],
    ["Khadija", "Khadidja", "Hatice", "Hadidža", "Khadijah", "Kadija"],
    ["Mahmood", "Mahmoud", "Mahmud", "Mehmood", "Mahmut"],
    ["Mustafa", "Mustapha", "Moustafa", "Mostafa"],
    ["Ibrahim", "Ebrahim", "Brahim", "Ibraheem", "İbrahim"],
    ["Hassan", "Hasan", "Hassen", "Hasen"],
    ["Ali", "Aly", "Alee"],
]  # fmt: skip
KNOWN_SPELLINGS = {w.lower(): group for group in _SPELLING_GROUPS for w in group}


@dataclass(frozen=True, slots=True)
class Person:
    person: str
    sex: str
    nationality: str
    given: tuple[str, str]
    family: tuple[str, str]
    birth: tuple[int, int, int]
    year_only: bool
    """Only the year of birth is known (documents say an age or a year)."""
    place: str


@dataclass(frozen=True, slots=True)
class Registration:
    id: str
    person: str
    agency: str
    given_name: str
    family_name: str
    date_of_birth: str
    sex: str
    nationality: str
    place_of_birth: str
    given_name_original: str
    family_name_original: str

    def record(self, *, id_prefix: str = "") -> Record:
        """The registration as the engine reads it (agency and ground truth left out)."""
        return Record(
            id=id_prefix + self.id,
            given_name=self.given_name,
            family_name=self.family_name,
            date_of_birth=self.date_of_birth,
            sex=self.sex,
            nationality=self.nationality,
            place_of_birth=self.place_of_birth,
            given_name_original=self.given_name_original,
            family_name_original=self.family_name_original,
        )


_NAT_CODES = list(NATIONALITY_WEIGHTS)
_NAT_CUM = list(itertools.accumulate(NATIONALITY_WEIGHTS.values()))


def _birth_year(rng: random.Random) -> int:
    # Mostly young adults (median age about 25), a fifth children travelling with families.
    child = rng.random() < 0.2
    age = rng.randint(0, 15) if child else min(70, max(16, round(rng.gauss(27, 8))))
    return REGISTRATION_YEAR - age


def _person(rng: random.Random, k: int) -> Person:
    nat = _NAT_CODES[bisect.bisect_right(_NAT_CUM, rng.random() * _NAT_CUM[-1])]
    nat = nat if nat in NATIONALITY_WEIGHTS else "AF"
    sex = _M if rng.random() < 0.7 else _F
    pools = _pools()[nat]
    given = pools[sex].draw(rng)
    if rng.random() < PATRONYMIC_SHARE[nat]:
        family = pools["patronym"].draw(rng)
    else:
        family = pools["family"].draw(rng)
    year = _birth_year(rng)
    birth = (year, rng.randint(1, 12), rng.randint(1, 28))
    year_only = rng.random() < YEAR_ONLY_SHARE[nat]
    return Person(f"P{k:07d}", sex, nat, given, family, birth, year_only, rng.choice(PLACES[nat]))


_TR_ASCII = str.maketrans("şŞçÇğĞıİöÖüÜ", "sScCgGiIoOuU")
_TR_SERBIAN = str.maketrans({"ş": "š", "Ş": "Š", "ç": "č", "Ç": "Č", "ğ": "", "ı": "i",
                             "İ": "I", "ö": "o", "Ö": "O", "ü": "u", "Ü": "U"})  # fmt: skip


def _spell(rng: random.Random, canonical: str, style: str, nat: str) -> str:
    if nat == "TR":
        # Turkish names are already Latin; foreign registrars drop or replace the diacritics.
        if style == "serbian":
            return canonical.translate(_TR_SERBIAN) if rng.random() < 0.5 else canonical
        return canonical.translate(_TR_ASCII) if rng.random() < 0.6 else canonical
    words = []
    for word in canonical.split(" "):
        group = KNOWN_SPELLINGS.get(word.lower())
        if group is not None and rng.random() < 0.5:
            word = rng.choice(group)
        words.append(word)
    text = _rewrite(" ".join(words).lower(), STYLES[style])
    if rng.random() < 0.35:
        a, b = rng.choice(VARIANTS)
        if a in text[1:]:
            pos = text.index(a, 1)
            text = text[:pos] + b + text[pos + len(a) :]
    # Particles: al-/el- written attached, separate, hyphenated or dropped.
    for art in ("al-", "el ", "al "):
        if text.startswith(art):
            text = rng.choice(
                [
                    text,
                    text.replace(art, ""),
                    text.replace(art, art[:2]),
                    text.replace(art, art[0] + "l-"),
                    text.replace(art, "el-"),
                ]
            )
    # Compounds split and merged (Mohammad Reza / Mohammadreza / Abdul Rahman / Abdulrahman).
    if " " in text and rng.random() < 0.4:
        text = text.replace(" ", rng.choice(["", "-"]))
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


_KEYBOARD_NEIGHBOURS = "qwertyuiopasdfghjklzxcvbnm"


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    pos = rng.randrange(1, len(text))
    kind = rng.randrange(4)
    if kind == 0:
        return text[:pos] + text[pos + 1 :]
    if kind == 1:
        return text[:pos] + rng.choice(_KEYBOARD_NEIGHBOURS) + text[pos:]
    if kind == 2:
        return text[:pos] + rng.choice(_KEYBOARD_NEIGHBOURS) + text[pos + 1 :]
    if pos < len(text) - 1:
        return text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]
    return text


def _date(rng: random.Random, birth: tuple[int, int, int], year_only: bool) -> str:
    y, m, d = birth
    r = rng.random()
    if r < 0.06:
        return ""
    if year_only:
        # Only the year is known: systems fill 1 January, UNHCR-style forms 1 July, some
        # keep the year; an age re-estimated at registration can be a year off.
        if r < 0.55:
            return f"{y:04d}-01-01"
        if r < 0.70:
            return f"{y:04d}-07-01"
        if r < 0.90:
            return f"{y:04d}"
        return f"{y + rng.choice([-1, 1]):04d}-01-01"
    if r < 0.10:
        return f"{y:04d}-{rng.choice(['01-01', '07-01'])}"  # date not asked, year entered
    if r < 0.14:
        return f"{y:04d}"
    if r < 0.16:
        return f"{y + rng.choice([-1, 1]):04d}"  # age estimated at registration
    if r < 0.19:
        return f"{y:04d}-{m:02d}"
    if r < 0.23 and d <= 12 and d != m:
        return f"{y:04d}-{d:02d}-{m:02d}"  # day and month swapped
    if r < 0.26:
        s = list(f"{y:04d}{m:02d}{d:02d}")
        k = rng.randrange(2, 8)
        s[k] = str(rng.randrange(10))
        try:
            dt.date(int("".join(s[:4])), int("".join(s[4:6])), int("".join(s[6:])))
        except ValueError:
            return f"{y:04d}-{m:02d}-{d:02d}"
        return f"{''.join(s[:4])}-{''.join(s[4:6])}-{''.join(s[6:])}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _register(rng: random.Random, p: Person, reg_no: int) -> Registration:
    agency, style = rng.choice(AGENCIES)
    given = _spell(rng, p.given[0], style, p.nationality)
    family = _spell(rng, p.family[0], style, p.nationality)
    if rng.random() < 0.12:
        given = _typo(rng, given)
    if rng.random() < 0.12:
        family = _typo(rng, family)
    if rng.random() < 0.10:
        given, family = family, given  # family name recorded first
    if rng.random() < 0.03:
        given, family = f"{given} {family}", ""  # whole name in one field
    original = bool(p.given[1]) and rng.random() < 0.35
    g_orig, f_orig = (p.given[1], p.family[1]) if original else ("", "")
    if original and p.family[1] and rng.random() < 0.08:
        given, family = "", ""  # only the original script was taken down
    sex = (
        ""
        if rng.random() < 0.05
        else rng.choice({"m": ["M", "male", "m"], "f": ["F", "female", "Ž"]}[p.sex])
    )
    nationality = "" if rng.random() < 0.08 else rng.choice(NATIONALITY_SPELLINGS[p.nationality])
    place = "" if rng.random() < 0.45 else p.place
    return Registration(
        id=f"R{reg_no:08d}",
        person=p.person,
        agency=agency,
        given_name=given,
        family_name=family,
        date_of_birth=_date(rng, p.birth, p.year_only),
        sex=sex,
        nationality=nationality,
        place_of_birth=place,
        given_name_original=g_orig,
        family_name_original=f_orig,
    )


REGISTRATIONS_PER_PERSON = {0: 0.05, 1: 0.45, 2: 0.28, 3: 0.13, 4: 0.06, 5: 0.03}


def generate(*, people: int, seed: int) -> list[Registration]:
    """Registrations of ``people`` people; each is registered 0 to 5 times."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    counts = list(REGISTRATIONS_PER_PERSON)
    cum = list(itertools.accumulate(REGISTRATIONS_PER_PERSON.values()))
    out: list[Registration] = []
    for k in range(people):
        p = _person(rng, k)
        n = counts[min(bisect.bisect_right(cum, rng.random() * cum[-1]), len(counts) - 1)]
        for _ in range(n):
            out.append(_register(rng, p, len(out)))
    rng.shuffle(out)
    return out


FIELDS = (
    "id", "person", "agency", "given_name", "family_name", "date_of_birth", "sex",
    "nationality", "place_of_birth", "given_name_original", "family_name_original",
)  # fmt: skip


def write_csv(*, registrations: Sequence[Registration], out: object) -> None:
    writer = csv.writer(out, lineterminator="\n")  # type: ignore[arg-type]
    writer.writerow(FIELDS)
    for r in registrations:
        writer.writerow([getattr(r, f) for f in FIELDS])


def demo_people(*, count: int, seed: int) -> list[dict[str, object]]:
    """A few realistic people for the demo: names in original and Latin script."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    out: list[dict[str, object]] = []
    for k in range(count):
        p = _person(rng, k)
        out.append(
            {
                "given_name": p.given[0],
                "family_name": p.family[0],
                "given_name_original": p.given[1],
                "family_name_original": p.family[1],
                "year_of_birth": p.birth[0],
                "sex": p.sex,
                "nationality": p.nationality,
            }
        )
    return out


def name_pool_sizes() -> dict[str, dict[str, int]]:
    """Distinct canonical names per country and list (documented in docs/matching.md)."""
    return {
        nat: {kind: len(pool.items) for kind, pool in pools.items()}
        for nat, pools in _pools().items()
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m putokaz.matching.synthetic")
    parser.add_argument("--people", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True, help="CSV file, or - for standard output")
    args = parser.parse_args(argv)
    regs = generate(people=args.people, seed=args.seed)
    if args.out == "-":
        write_csv(registrations=regs, out=sys.stdout)
    else:
        with open(args.out, "w", encoding="utf-8", newline="") as fh:
            write_csv(registrations=regs, out=fh)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
