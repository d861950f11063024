/// Traditional → simplified pairs for the characters of the fault vocabulary that the
/// shared `TraditionalChinese` table does not cover (頭, 風, 凍, 溫, 鋪, 軌…), so that
/// traditional descriptions ("水龍頭鬆動", "出風口", "雪櫃唔夠凍", "溫度") match the
/// simplified keywords. One pair per two characters, "traditional simplified"; listed in
/// `FaultRuleSet.traditionalVariants`. Every traditional form of every character of the
/// keyword tables (OpenCC s2t, s2tw, s2hk) is here or in `TraditionalChinese`.
public enum FaultTraditionalVariants {
    public static let pairs =
        "東东兩两書书亂乱僅仅傳传體体俱具衝冲沖冲凍冻淨净準准涼凉幾几剛刚別别辦办勁劲勻匀區区聽听噠哒喚唤圖图殼壳備备復复"
        + "頭头夾夹媽妈傢家導导壽寿塵尘屜屉幣币師师帶带幫帮幹干並并彎弯彈弹當当懸悬釦扣報报搖摇撐撑曬晒雜杂樓楼濃浓塗涂漬渍"
        + "溫温潰溃滾滚灘滩滅灭靈灵爍烁爛烂菸烟燻熏畫画暢畅鹼碱積积竄窜筆笔緊紧紉纫組组綁绑結结絡络續续緣缘聯联腳脚蝕蚀計计"
        + "論论識识話话説说貼贴躥蹿軌轨輪轮輸输達达運运遠远跡迹裡里鐘钟鋼钢鑰钥鏟铲鋪铺長长間间閘闸險险難难霧雾韌韧頁页順顺"
        + "頓顿風风飯饭魚鱼鴉鸦黃黄齊齐"
}
