"""Curated name equivalences for ``sanad.names.keys``.

Each entry is ``label: "spelling spelling …"`` — spellings of ONE name, in Latin and Arabic
script, including its regional forms (West-African Mamadou for Muhammad, Hausa Abdullahi for
Abdullah, Somali Maxamed, Chadian Mahamat, South-Asian Md.). Multi-word spellings use ``_``.

Rules for editing:
* Only real equivalents. Related but different names get their own entry so that they do NOT
  merge even though their consonants agree (Hassan / Hussein, Said / Saad / Sayyid, Omar /
  Ammar / Amer / Amr, Mahmoud / Muhammad, Ali / Alia / Alaa, Amin / Ayman / Iman, Salih / Salah).
* A label must not look like a skeleton key (consonants with an ``a`` only at either end), so
  it can never collide with the key of an unlisted name; ``test_names`` checks this.
* Biblical and Quranic forms of one name (Joseph / Yusuf, Abraham / Ibrahim, Job / Ayoub) are
  kept apart: a person does not switch between them when re-registering.
"""

ALIAS_GROUPS: dict[str, str] = {
    # --- Arabic names (Libyan, Sudanese, Egyptian, Chadian, Syrian) and their regional forms --
    "muhammad": """mohamed mohammed muhammad mohammad mohamad muhamad muhammed muhamed mouhamed
        mouhamad mouhammad mohamedou mohammedou mohamadou mahamat mahamad mahamadou mamadou mamadu
        muhammadu mehmet mehmed muhammet mohd muhd mhd md mhamed amhamed maxamed maxammed
        mohmed محمد امحمد محمدو""",
    "mahmud": """mahmoud mahmud mahmood mahmod mehmood mahamoud mahmut mahmudu mamoudou
        maxamuud mohamud mohamoud محمود""",
    "ahmad": "ahmed ahmad ahmet ahmadou amadou ahmadu amadu hamadou hamadu ahamed axmed احمد أحمد",
    "hasan": "hassan hasan hassen hasen hacen hassane alassane xasan حسن",
    "husayn": """hussein husein hussain husain hossain hosain hossein hosein houssein hussien
        husen hissein xuseen xusseen ousseini حسين""",
    "said": "said saeed saeid saied saiid seid سعيد",
    "sayyid": "sayed sayyid sayid sayyed seyed seyyed syed سيد",
    "saad": "saad saad سعد",
    "umar": "omar umar oumar omer cumar umaru oumarou عمر",
    "ammar": "ammar ammaar عمار",
    "amer": "amer aamer aamir عامر",
    "amir": "amir ameer emir أمير امير",
    "amru": "amr amro amrou عمرو",
    "ali": "ali aly alee aliyu cali علي",
    "aliya": "alia aliya aliyah aaliyah عالية علياء",
    "alaa": "alaa alae علاء",
    "amin": "amin ameen amine lamine lamin aminu alamin al_amin امين أمين الامين",
    "amina": "amina aminah ameena aminata aminatou امينة أمينة",
    "ayman": "ayman aymen aiman eyman ايمن أيمن",
    "iman": "iman eman imane emane ايمان إيمان",
    "ibrahim": "ibrahim ebrahim ibraheem ibrahem ebrahem brahim ibrahima brahima ابراهيم إبراهيم",
    "abraham": "abraham abrham abreham",
    "ismail": "ismail ismael esmail ismaeel smail ismaila soumaila sumaila اسماعيل إسماعيل",
    "yunus": "yunus younes younis yunis yunusa inoussa inusa يونس",
    "yusuf": """yusuf yousef youssef yousif yusif yussuf yousuf yousouf youssouf yusufu yuusuf
        issoufou issouf issifou يوسف""",
    "yahya": "yahya yahia yehia yahiya yahaya yaya يحيى",
    "idris": "idris idriss edris driss idrissa ادريس إدريس",
    "isa": "issa isa eissa aissa ciise عيسى",
    "musa": "musa moussa mousa mussa moosa musah موسى",
    "mustafa": "mustafa mostafa moustafa mustapha moustapha mostapha mustefa مصطفى",
    "uthman": "othman osman usman uthman ousmane usmane ousman cismaan عثمان",
    "aisha": "aisha aicha aysha ayesha aishah aischa aissatou achta caasha عائشة عايشة",
    "fatima": """fatima fatma fatimah fatouma fatoumata fatuma fatime fadima fatna faadumo
        فاطمة""",
    "khadija": "khadija khadidja khadijah kadija hadiza khadiijo خديجة",
    "halima": "halima halimah halime xaliimo حليمة",
    "rahma": "rahma rahmah ramatu ramatou rahmatou rahmatu رحمة",
    "maryam": "maryam mariam meryem mariama mariame maryan مريم",
    "zaynab": "zainab zaynab zeinab zenab zeynab زينب",
    "abdullah": """abdallah abdullah abdulla abdalla abdella abdellah abdullahi abdallahi
        abdillahi abdoulaye abdulahi cabdullaahi cabdulaahi عبدالله عبد_الله""",
    "abdurrahman": """abdelrahman abdulrahman abdurrahman abderrahmane abdirahman abdourahmane
        abd_al_rahman abd_errahman cabdiraxmaan عبدالرحمن عبد_الرحمن""",
    "abubakr": """abubakar abubakr abu_bakr aboubakar aboubacar boubacar boubakar bubakar
        abakar abubakari ابوبكر أبو_بكر""",
    "bakr": "bakr bakir بكر",
    "abdi": "abdi cabdi",
    "harun": "harun haroun haroon harouna haruna هارون",
    "sulayman": "sulaiman suleiman sulayman suliman souleymane soulaymane slimane suleman سليمان",
    "adam": "adam adama adamu adoum ادم آدم",
    "yaqub": "yaqub yacoub yakub yacub yakoub yaaqoub yaqoob يعقوب",
    "ayyub": "ayoub ayub ayyoub ayoob ayyub أيوب ايوب",
    "ilyas": "ilyas elias elyas ilias الياس إلياس",
    "khalid": "khalid khaled khaalid خالد",
    "khulud": "kholoud khulud kholod خلود",
    "salih": "saleh salih saalax صالح",
    "salah": "salah salaah صلاح",
    "hani": "hani hany هاني",
    "hanaa": "hana hanaa هناء",
    "usama": "usama osama oussama ussama اسامة أسامة",
    "asmaa": "asma asmaa أسماء اسماء",
    "nuruddin": "noureddine nourdine nuredin nuruddin nour_eddine nur_al_din نورالدين نور_الدين",
    "jibril": "jibril jibreel gibril jibrin jebril جبريل",
    "zakariya": "zakaria zakariya zakariyya zakariah zakari زكريا",
    "jamal": "jamal gamal djamel jamel جمال",
    "sharif": "sharif sherif cherif chérif shareef شريف",
    "shaykh": "sheikh shaikh shekh cheikh chaikh shaykh شيخ",
    "jama": "jama jaamac jaama",
    "hawa": "hawa hawo xaawo حواء",
    "eyob": "eyob iyob eyoub",
    # Male -i / female -ia pairs share consonants and a vowel ending.
    "sami": "sami samy سامي",
    "samia": "samia samiya samiah سامية",
    "hadi": "hadi hady هادي",
    "hadia": "hadia hadiya هادية",
    "fathi": "fathi fathy fethi فتحي",
    "fathia": "fathia fathiya fatheya فتحية",
    "fawzi": "fawzi fawzy fawzi فوزي",
    "fawzia": "fawzia fawziya فوزية",
    "zaki": "zaki zaky زكي",
    "zakia": "zakia zakiya زكية",
    "magdi": "magdi magdy majdi مجدي",
    "magda": "magda majda ماجدة",
    "adham": "adham ادهم أدهم",
    "ishaq": "ishaq ishak ishag اسحاق إسحاق",
    # --- Tigrinya / Amharic -----------------------------------------------------------------
    "tesfaye": "tesfaye tesfay tesfai",
    "gebremedhin": "gebremedhin ghebremedhin gebre_medhin gebremedin",
    "gebremariam": "gebremariam ghebremariam gebre_mariam gebremaryam",
    "yohannes": "yohannes yohanes yohannis yohanis",
    "girmay": "ghirmay girmay ghirmai germay",
    "tewelde": "tewelde tewolde",
    # --- South Asian (Bangladeshi) ----------------------------------------------------------
    "akhtar": "akhtar akhter akter aktar",
    "chaudhuri": "chowdhury choudhury chowdhary chaudhry chaudhary chowdhuri",
    "khatun": "khatun khatoon khatoun",
    "begum": "begum begam",
}
