"""Name pools for the synthetic registry (bench/registry_generator.py).

One name per line: its Latin transliterations as registrars actually write them, separated by
``|``, then ``=`` and the Arabic-script form a registrar in Libya would write. The first
spelling is the most common. A name without an Arabic form has none that registrars agree on;
an Arabic-only registrar then types the Latin spelling.

Pools are per origin; the same real name appears in several pools with the spellings of that
origin (``Maxamed`` in Somali, ``Mahamat`` in Chadian, ``Mamadou`` in Sahel pools are all
Muhammad), which is exactly what makes cross-origin duplicate detection hard.
"""

from __future__ import annotations

ARAB_MALE = """
Mohamed|Mohammed|Muhammad|Mohamad|Mohammad|Mouhamed=محمد
Ahmed|Ahmad|Ahmet=أحمد
Mahmoud|Mahmud|Mahmood=محمود
Mustafa|Mostafa|Moustafa|Mustapha=مصطفى
Abdelrahman|Abdulrahman|Abd al-Rahman|Abdul Rahman|Abderrahmane=عبد الرحمن
Abdullah|Abdallah|Abdalla|Abd Allah=عبد الله
Abdelkader|Abdulqader|Abd al-Qadir|Abdel Kader=عبد القادر
Abdelaziz|Abdulaziz|Abd al-Aziz|Abdel Aziz=عبد العزيز
Abdelsalam|Abdulsalam|Abdessalam|Abd al-Salam=عبد السلام
Abdelhamid|Abdulhamid|Abd al-Hamid|Abdel Hamid=عبد الحميد
Abdelmoneim|Abdulmunim|Abd al-Munim|Abdel Moneim=عبد المنعم
Omar|Umar|Omer=عمر
Ali|Aly=علي
Hassan|Hasan=حسن
Hussein|Hussain|Husayn|Hussien|Houssein=حسين
Ibrahim|Ebrahim|Brahim|Ibraheem=إبراهيم
Ismail|Ismael|Esmail|Ismaeel=إسماعيل
Youssef|Yousef|Yusuf|Youcef|Yousif=يوسف
Khaled|Khalid|Khaleed=خالد
Salem|Saalem|Salim=سالم
Osama|Usama|Oussama=أسامة
Tarek|Tariq|Tarik=طارق
Walid|Waleed|Oualid=وليد
Adel|Adil|Aadel=عادل
Faraj|Farag|Faradj=فرج
Mabrouk|Mabruk|Mabrook=مبروك
Nasser|Naser|Nasir=ناصر
Suleiman|Sulaiman|Slimane|Soliman|Sulayman=سليمان
Abubakr|Abu Bakr|Aboubakr|Abubaker=أبو بكر
Idris|Idriss|Edris=إدريس
Adam|Adem=آدم
Yahya|Yehia|Yahia=يحيى
Issa|Isa|Eissa=عيسى
Moussa|Musa|Mousa=موسى
Haroun|Harun|Haroon=هارون
Jamal|Gamal|Djamal=جمال
Saeed|Said|Saied|Sayed=سعيد
Hamza|Hamzah=حمزة
Anas|Annas=أنس
Bilal|Belal=بلال
Zakaria|Zakariya|Zakariyya=زكريا
Ayman|Aiman|Eyman=أيمن
Fathi|Fethi|Fathy=فتحي
Ramadan|Ramadhan|Ramazan=رمضان
Othman|Osman|Uthman=عثمان
Hamed|Hamid|Hammed=حامد
Nureddin|Nour al-Din|Nourdine|Nuraddin=نور الدين
Salah|Salaah=صلاح
Emad|Imad=عماد
Saleh|Salih=صالح
Abdelrahim|Abdulrahim|Abd al-Rahim=عبد الرحيم
Mubarak|Moubarak|Mobarak=مبارك
Awad|Awadh|Awadallah=عوض
"""

SYRIAN_MALE = """
Rami|Ramy=رامي
Firas|Feras=فراس
Bashar|Bachar=بشار
Ghassan|Ghasan=غسان
Majd|Majed=مجد
Samer|Sameer=سامر
Wael|Wa'el|Wail=وائل
Maher|Mahir=ماهر
"""

EGYPTIAN_MALE = """
Hany|Hani=هاني
Ashraf|Achraf=أشرف
Tamer|Tamir=تامر
Sherif|Sharif|Cherif=شريف
Sayed|Sayyid|El-Sayed=سيد
Mohsen|Muhsin=محسن
"""

SUDANESE_MALE = """
Elfadil|Al-Fadil|Alfadel|Fadil=الفاضل
Babiker|Babikir|Babakr=بابكر
Elsadig|Al-Sadiq|Elsadiq|Sadig=الصادق
Elamin|Al-Amin|Alamin=الأمين
Elbashir|Al-Bashir|Bashir=البشير
Elnour|Al-Nour|Nour=النور
Elhadi|Al-Hadi|Hadi=الهادي
"""

CHADIAN_MALE = """
Mahamat|Mahammat|Mouhamat=محمد
Abakar|Abbakar|Aboubakar=أبكر
Hissein|Hissene|Hessein=حسين
Oumar|Umar|Oumarou=عمر
Adoum|Adum|Adam=آدم
Haggar|Hagar=حقار
Brahim|Ibrahim|Brahime=إبراهيم
Abdoulaye|Abdallah|Abdoullaye=عبد الله
Moussa|Mousa|Musa=موسى
Souleymane|Suleiman|Souleiman=سليمان
"""

ARAB_FEMALE = """
Fatima|Fatma|Fatimah|Fatouma=فاطمة
Aisha|Aicha|Aysha|Ayesha=عائشة
Khadija|Khadidja|Khadijah=خديجة
Mariam|Maryam|Meriem|Myriam=مريم
Amina|Aminah|Ameena=أمينة
Zainab|Zaynab|Zeinab|Zeynab=زينب
Hawa|Hawwa|Haoua=حواء
Salma|Selma=سلمى
Nour|Noor|Nur=نور
Huda|Houda|Hoda=هدى
Asma|Asmaa|Esma=أسماء
Sara|Sarah=سارة
Hanan|Hanane=حنان
Samira|Sameera=سميرة
Rania|Ranya=رانيا
Amal|Amel=أمل
Najat|Nagat|Nejat=نجاة
Halima|Haleema|Halimah=حليمة
Safiya|Safia|Safiyya=صفية
Zahra|Zohra|Zahrah=زهرة
Rahma|Rahmah=رحمة
Suad|Souad|Soad=سعاد
Nadia|Nadya=نادية
Layla|Leila|Laila|Leyla=ليلى
Hajer|Hajar|Hagar=هاجر
Ruqaya|Rokaya|Roqaya=رقية
Iman|Eman|Imane=إيمان
Mona|Muna|Mouna=منى
Reem|Rim=ريم
Achta|Ashta=عشة
Wafa|Wafaa=وفاء
Naima|Naeema|Nayma=نعيمة
"""

LIBYAN_FAMILY = """
al-Warfalli|Elwarfalli|Warfali|Al Warfally=الورفلي
al-Misrati|Elmisrati|Misrati=المصراتي
al-Zintani|Zintani|Elzintani=الزنتاني
al-Obeidi|Elobeidi|Obaidi=العبيدي
al-Magarief|Magariaf|Elmegaryef=المقريف
Ben Ali|Bin Ali|Benali=بن علي
al-Fitouri|Elfitouri|Fituri=الفيتوري
al-Sharif|Elsherif|Alsharif=الشريف
al-Tarhouni|Tarhuni|Eltarhouni=الترهوني
al-Gheriani|Ghariani|Elgheryani=الغرياني
al-Barasi|Elbarassi|Barassi=البرعصي
Abushagur|Abu Shagour|Abushaqur=أبو شاقور
al-Senussi|Senussi|Sanusi|Essnoussi=السنوسي
Ben Omran|Bin Omran|Benomran=بن عمران
al-Mahmoudi|Mahmudi|Elmahmoudi=المحمودي
al-Tabbal|Tabal|Eltabal=الطبال
al-Kabir|Elkebir|Kabeer=الكبير
al-Ghadamsi|Ghadamsi|Elghadamsi=الغدامسي
al-Fezzani|Fazzani|Elfezzani=الفزاني
al-Tubawi|Tebu|Ettoubaoui=التباوي
"""

EGYPTIAN_FAMILY = """
El-Sayed|Elsayed|Al-Sayyid=السيد
Mansour|Mansur=منصور
Shehata|Shahata|Chehata=شحاتة
Farouk|Faruq|Farouq=فاروق
Abdelfattah|Abd al-Fattah|Abdul Fattah=عبد الفتاح
Soliman|Suleiman|Sliman=سليمان
El-Masry|Elmasri|Al-Masri=المصري
Ragab|Rajab|Regab=رجب
"""

SYRIAN_FAMILY = """
al-Halabi|Halabi|Elhalabi=الحلبي
al-Homsi|Homsi|Elhomsi=الحمصي
Khoury|Khouri|Khury=خوري
Haddad|Hadad=حداد
Kassab|Qassab|Kasab=قصاب
Sabbagh|Sabag|Sabbag=صباغ
Najjar|Nadjar|Najar=نجار
al-Ahmad|Alahmad|El Ahmad=الأحمد
"""

TIGRINYA_MALE = """
Tesfaye|Tesfay|Tesfai=تسفاي
Haile|Hayle|Hailu=هايلي
Yohannes|Yohanes|Yohanis|Johannes=يوهانس
Mulugeta|Mulugetta|Mologeta=مولوجيتا
Berhane|Berhani|Birhane=برهاني
Tekle|Tecle|Teklay=تكلي
Gebre|Ghebre|Gebray|Ghebrai=قبري
Kidane|Kidan|Kiddane=كيداني
Dawit|Dawitt|Dawite=داويت
Yonas|Yunas|Yonass=يوناس
Abraham|Abreham|Abrham=أبراهام
Solomon|Selomon|Solomun=سليمون
Mehari|Mehary|Mihary=مهري
Goitom|Goytom|Goitum=قويتوم
Filmon|Filimon|Philemon=فيلمون
Merhawi|Mehrawi|Merhawie=مرهاوي
Tewelde|Tewolde|Teweldé=تولدي
Amanuel|Emanuel|Amanuiel=أمانويل
Habtom|Habtum|Habtoum=هبتوم
Tsegay|Tsegai|Tsegaye=تسغاي
Kahsay|Kahsai|Kassay=كحساي
Biniam|Biniyam|Binyam=بنيام
Michael|Mikael|Mikiel=ميكائيل
Samuel|Semere|Samiel=صموئيل
Daniel|Danieal|Danel=دانيال
Robel|Robiel|Rubel=روبل
Henok|Henock|Enoch=هنوك
Aron|Aaron|Haron=أرون
Eyob|Iyob|Eyoub=أيوب
Mussie|Musie|Mussy=موسي
Natnael|Nathnael|Natanael=نتنائيل
Fitsum|Fitsumm|Fisum=فتسوم
Semere|Semre|Semmere=سمري
Yemane|Yemani|Yeman=يماني
Negash|Negasi|Negassi=نقاش
Zerai|Zeray|Zeraye=زراي
Asmerom|Asmeron|Asmerum=أسمروم
Ermias|Ermiyas|Jeremias=إرمياس
Isaias|Isayas|Esayas=إسياس
Yosief|Yosef|Yoseph=يوسف
Andom|Andemariam|Andum=أندوم
Weldu|Woldu|Welday=ولدو
"""

TIGRINYA_FEMALE = """
Senait|Senayt|Seneit=سنايت
Helen|Hellen|Heleni=هيلين
Selam|Sellam|Salam=سلام
Tsega|Tsegga|Tsigereda=تسيغا
Mebrat|Mibrat|Mebrahit=مبرات
Rahel|Raheel|Rachel=راحيل
Yordanos|Yordannos|Jordanos=يوردانوس
Lidya|Lydia|Lidia=ليديا
Hiwet|Hiwot|Heywet=حيوت
Almaz|Elmaz|Almas=ألماز
Mekdes|Meqdes|Makdes=مقدس
Saba|Sabba=سابا
Winta|Wintana|Wienta=وينتا
Feven|Fiven|Feben=فيفن
Ruta|Rutha|Rut=روتا
Luwam|Luam|Luwaam=لوام
Freweyni|Frewoini|Freweini=فريويني
Mihret|Mehret|Mihrat=مهرت
Eden|Edan|Edden=إيدن
Sara|Sarah|Sarra=سارة
Meron|Meroon|Miron=ميرون
Bethlehem|Betelhem|Bethelhem=بيتلحم
Nardos|Nardus|Nardoss=ناردوس
Ruth|Root|Rutt=روث
Yodit|Judith|Yodith=يوديت
Tirhas|Terhas|Tirhass=ترحاس
"""

HAUSA_MALE = """
Musa|Moussa|Mousa=موسى
Abdullahi|Abdoulahi|Abdallahi=عبد الله
Ibrahim|Ibrahima|Brahima=إبراهيم
Usman|Ousmane|Usuman=عثمان
Aliyu|Aliou|Alio=علي
Sani|Sanni|Saani=ساني
Garba|Gerba|Garbah=غاربا
Bello|Belo|Bellow=بيلو
Abubakar|Aboubacar|Boubacar=أبو بكر
Mamadou|Mamadu|Mohammadu|Mamoudou=محمد
Souleymane|Sulaimanu|Suleiman=سليمان
Yakubu|Yacouba|Yakouba=يعقوب
Idrissa|Idrisa|Idrissou=إدريس
Lawal|Lawali|Lawan=لوال
Haruna|Harouna|Aruna=هارون
Adamu|Adama|Adamou=آدم
Danjuma|Dan Juma|Danjumma=دنجوما
Issoufou|Yusufu|Issouf=يوسف
Seydou|Seidou|Saidou=سيدو
Amadou|Ahmadou|Hamadou=أحمدو
Abdou|Abdu|Abdoul=عبدو
Issa|Isa|Issah=عيسى
Oumarou|Umaru|Umar=عمر
Hamidou|Hamidu|Amidou=حميدو
Boubacar|Bubakar|Abubakari=أبو بكر
Mamane|Maman|Mahaman=مامان
Salissou|Salisu|Salissu=صالح
Rabiou|Rabiu|Rabi'u=ربيع
Nouhou|Nuhu|Nouh=نوح
Tahirou|Tahiru|Tahir=طاهر
Zakari|Zakariyau|Zakariya=زكريا
Hamissou|Hamisu|Hamissu=حميسو
Chaibou|Shaibu|Chaïbou=شعيب
Daouda|Dauda|Dawuda=داود
Tanko|Tankou|Tankoh=تانكو
Inoussa|Inusa|Yunusa=يونس
Mounkaila|Munkaila|Mounkeila=منكيلا
Djibo|Jibo|Djibbo=جيبو
Halidou|Halidu|Khalidou=خالد
Kimba|Kiimba|Kimbah=كيمبا
Habibou|Habibu|Abibou=حبيب
Ousseini|Husseini|Usaini=حسيني
Soumaila|Sumaila|Ismaila=إسماعيل
Moumouni|Mumuni|Moumini=مؤمن
Maazou|Mazou|Ma'azu=معاذ
Kabirou|Kabiru|Kabir=كبير
Bachir|Bashir|Bachirou=بشير
Hassane|Hassan|Assane=حسن
Tidjani|Tijjani|Tijani=تجاني
Nassirou|Nasiru|Nasir=ناصر
Sahabi|Sahabou|Sahaby=صحابي
Yahaya|Yahaye|Yahya=يحيى
Mustapha|Moustapha|Mustafa=مصطفى
Lawan|Laouan|Lawane=لاوان
Gambo|Gamboh|Ngambo=غامبو
"""

HAUSA_FEMALE = """
Hadiza|Adiza|Hadizatou=خديجة
Aishatu|Aichatou|Aissatou=عائشة
Fatimata|Fatouma|Fadimatou=فاطمة
Zeinabou|Zainabu|Zenabou=زينب
Hauwa|Haoua|Hawa=حواء
Aminatu|Aminatou|Aminata=أمينة
Mariama|Mariamou|Maryamu=مريم
Rakiya|Rakia|Rakiatou=رقية
Bilkisu|Balkissa|Bilqis=بلقيس
Safiatou|Safiya|Safiyatu=صفية
Halimatou|Halima|Halimatu=حليمة
Ramatou|Ramatu|Rahmatou=رحمة
Rabi|Rabi'a|Rabiatou=رابعة
Habiba|Abiba|Habibatou=حبيبة
Saadatou|Sa'adatu|Saadia=سعادة
Zouera|Zuwaira|Zouwera=زويرة
Maimouna|Maimuna|Maïmouna=ميمونة
Hassana|Asana|Hassanatou=حسنة
Kadidja|Kadija|Khadija=خديجة
Nafissa|Nafisa|Nafissatou=نفيسة
Salamatou|Salamatu|Salama=سلامة
Balaraba|Balarabe|Baraba=بالارابا
Delou|Dellou|Delu=ديلو
Mairo|Mayrou|Mairou=ميرو
Jamila|Djamila|Jamilatou=جميلة
Sadia|Sa'adiya|Saadiya=سعدية
"""

SAHEL_FAMILY = """
Maiga|Mayga|Maïga=مايغا
Diallo|Jallo|Dialo=ديالو
Traore|Traoré|Trawally=تراوري
Ouedraogo|Ouedrago|Wedraogo=ويدراوغو
Kone|Koné|Konneh=كوني
Coulibaly|Kulibali|Koulibaly=كوليبالي
Issoufou|Issifou|Yusufu=يوسفو
Mahamadou|Mahamadu|Mohamadou=محمدو
Abdou|Abdu|Abdoul=عبدو
Danladi|Dan Ladi|Danlladi=دنلادي
Sidibe|Sidibé|Sidibeh=سيديبي
Keita|Keïta|Kayta=كيتا
Toure|Touré|Turay=توري
Cisse|Cissé|Sissay=سيسي
Sanogo|Sanogho|Sanugo=سانوغو
Diarra|Jarra|Diara=ديارا
Camara|Kamara|Kamarah=كامارا
Sow|Sowe|Sou=سو
Ba|Bah|Baa=با
Moussa|Musa|Mousa=موسى
Garba|Gerba|Garbah=غاربا
Bako|Bakko|Baako=باكو
Abdoulaye|Abdullahi|Abdoulahi=عبد الله
Oumarou|Umaru|Oumaru=عمر
Hamani|Amani|Hamane=حماني
Souley|Sule|Souleye=سولي
"""

SOMALI_MALE = """
Abdirahman|Cabdiraxmaan|Abdurahman|Abdirahmaan=عبد الرحمن
Abdullahi|Cabdullaahi|Abdulahi=عبد الله
Mohamed|Maxamed|Mohammed=محمد
Mohamud|Maxamuud|Mahmoud=محمود
Ahmed|Axmed|Ahmad=أحمد
Hassan|Xasan|Hasan=حسن
Hussein|Xuseen|Husein=حسين
Abdi|Cabdi|Abdy=عبدي
Ali|Cali|Aly=علي
Omar|Cumar|Omer=عمر
Ismail|Ismaaciil|Ismael=إسماعيل
Yusuf|Yuusuf|Yousuf=يوسف
Farah|Faarax|Farax=فارح
Warsame|Warsama|Warsamé=ورسمة
Abdiqani|Cabdiqani|Abdulghani=عبد الغني
Jama|Jaamac|Jamac=جامع
Osman|Cusmaan|Usman=عثمان
Aden|Aadan|Adan=آدم
Nur|Nuur|Noor=نور
Said|Siciid|Saeed=سعيد
Abdikarim|Cabdikariim|Abdulkarim=عبد الكريم
Abdirizak|Cabdirisaaq|Abdulrazak=عبد الرزاق
Abdiaziz|Cabdicasiis|Abdulaziz=عبد العزيز
Abdisalam|Cabdisalaam|Abdulsalam=عبد السلام
Mohamud|Maxamuud|Mahamud=محمود
Bashir|Bashiir|Beshir=بشير
Hamza|Xamse|Hamse=حمزة
Ibrahim|Ibraahim|Ebrahim=إبراهيم
Khalid|Khaalid|Khaled=خالد
Mustafe|Mustafa|Mostafa=مصطفى
Salad|Saalax|Salah=صلاح
Sharif|Shariif|Sherif=شريف
Yasin|Yaasiin|Yassin=ياسين
Guled|Guuleed|Guleed=غوليد
Mahad|Maxad|Mahat=مهد
"""

SOMALI_FEMALE = """
Fadumo|Faadumo|Fatuma|Fadhuma=فاطمة
Hodan|Hoodan=هودان
Ayan|Ayaan|Ayana=أيان
Sahra|Saxra|Sahro=سهرة
Halimo|Xaliimo|Halima=حليمة
Asha|Aasha|Aisha=عائشة
Khadra|Khadro|Qadra=خضرة
Hawo|Xaawo|Hawa=حواء
Nimco|Nimo|Nimca=نعمة
Ifrah|Ifra|Ifraax=إفراح
Ubah|Ubax|Ubaah=أوبه
Deeqa|Deka|Diiqa=ديقة
Amina|Aamina|Amiina=أمينة
Maryan|Maryam|Mariam=مريم
Sagal|Sagaal|Saagal=ساغال
Hibo|Hiibo|Hiba=هبة
Idil|Iidil|Idill=إديل
Fowsiya|Fawziya|Fowzia=فوزية
Sucaad|Suad|Suaad=سعاد
Zamzam|Samsam|Zamsam=زمزم
Muna|Munaa|Mouna=منى
Naima|Nacima|Naeema=نعيمة
"""

BANGLA_MALE = """
Mohammad|Md.|Md|Muhammad|Mohammed=محمد
Rahim|Raheem|Rohim=رحيم
Karim|Kareem|Korim=كريم
Rafiqul|Rafikul|Rofiqul
Shahidul|Sahidul|Shohidul
Aminul|Aminool|Emanul
Kamal|Kamaal|Komol=كمال
Jahangir|Jahangeer|Jahongir=جهانكير
Habibur|Habibor|Hobibur
Mizanur|Mijanur|Mizanor
Shafiqul|Shofiqul|Safiqul
Nazrul|Najrul|Nozrul
Alamgir|Alomgir|Alamgeer
Sohel|Shohel|Suhel
Rubel|Rubell|Ruble
Masud|Masood|Mashud=مسعود
Faruk|Faruque|Farooq=فاروق
Jamal|Jamaal|Zamal=جمال
Anwar|Anowar|Anwer=أنور
Hossain|Hosen|Hussain|Hossen=حسين
Mamun|Mamoon|Mamum=مأمون
Abdul Karim|Abdul Kareem|Abdulkarim=عبد الكريم
Abdur Rahman|Abdur Rahaman|Abdurrahman=عبد الرحمن
Abdullah|Abdulla|Abdollah=عبد الله
Delwar|Dilwar|Delowar=دلاور
Shahjahan|Shajahan|Shahjahaan=شاهجهان
Mostafizur|Mustafizur|Mostafijur
Monir|Monirul|Munir=منير
Saiful|Shaiful|Saifool=سيف
Mahbub|Mahbubur|Mehbub=محبوب
Harun|Haroon|Harunur=هارون
Mizan|Mijan|Mizaan
Belal|Bilal|Bellal=بلال
Salim|Selim|Shalim=سليم
Jashim|Jasim|Josim=جاسم
"""

BANGLA_FEMALE = """
Rahima|Rohima|Raheema=رحيمة
Fatema|Fatima|Fotema=فاطمة
Nasrin|Nasreen|Nosrin=نسرين
Shirin|Sirin|Shireen=شيرين
Rokeya|Rokeia|Ruqayya=رقية
Salma|Selma|Shalma=سلمى
Taslima|Tasleema|Toslima=تسليمة
Roksana|Rokhsana|Ruksana=روكسانا
Sultana|Sultanah|Shultana=سلطانة
Parvin|Parveen|Perveen=بروين
Jannatul|Jannat|Zannatul=جنة
Ayesha|Aysha|Aisha=عائشة
Kulsum|Kulsoom|Kolsum=كلثوم
Hasina|Haseena|Hasena=حسينة
Sabina|Sabeena|Shabina=سابينا
Shahnaz|Shahnaj|Sahnaz=شهناز
Moriom|Mariam|Maryam=مريم
Nurjahan|Noorjahan|Nurjahaan=نورجهان
Rina|Reena|Rena=رينا
"""

BANGLA_FAMILY = """
Islam|Islaam|Eslam=إسلام
Uddin|Uddeen|Ud-din|Udin=الدين
Hossain|Hosen|Hussain=حسين
Rahman|Rahaman|Rohman=رحمن
Ahmed|Ahmad|Ahmmed=أحمد
Miah|Mia|Mea=ميا
Sarker|Sarkar|Shorkar=سركار
Chowdhury|Choudhury|Chowdhuri=شودري
Begum|Begom|Bagum=بيغوم
Khatun|Khatoon|Khaton=خاتون
Akter|Akhter|Aktar=أختر
Sheikh|Shaikh|Shekh=شيخ
Molla|Mollah|Mullah=ملا
Talukdar|Talukder|Taluqdar=تعلقدار
Mondal|Mandal|Mondol=موندال
Biswas|Bishwas|Bisvas=بيسواس
Bhuiyan|Bhuiya|Bhuyan=بويان
Howlader|Hawlader|Haolader=هولادار
Sikder|Sikdar|Shikder=سيكدار
Khan|Kan|Khaan=خان
"""


def parse_pool(text: str) -> list[tuple[tuple[str, ...], str]]:
    """Lines of ``Spelling|Spelling=عربي`` into ``((spellings...), arabic)`` pairs."""
    pool = []
    for line in text.strip().splitlines():
        latin, _, arabic = line.partition("=")
        pool.append((tuple(s.strip() for s in latin.split("|") if s.strip()), arabic.strip()))
    return pool
