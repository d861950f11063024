/// Traditional → simplified Chinese for the characters that occur in the fault keyword
/// tables, the negation words and the clause boundaries (and a few common neighbours),
/// so that 漏電, 冒煙, 燒焦, 觸電, 連不上, 沒有 match the simplified keywords.
public enum TraditionalChinese {
    /// Pairs "traditional simplified", one pair per two characters.
    static let pairs =
        "電电煙烟燒烧觸触連连網网斷断線线機机響响異异聲声壞坏製制熱热裝装級级敗败統统閃闪後后鬆松脫脱"
        + "動动轉转開开關关氣气燈灯顯显藍蓝離离為为進进損损鏽锈銹锈濕湿滲渗發发現现聞闻過过還还會会"
        + "爐炉調调乾干縫缝鉸铰鏈链絲丝滿满語语頻频碼码誤误錯错啟启軟软載载設设燙烫著着洩泄穩稳擰拧"
        + "鑽钻牆墙掛挂鬧闹黴霉鏡镜劃划傷伤寵宠潑泼灑洒濺溅換换維维護护養养檢检預预約约漲涨脹胀變变"
        + "翹翘縮缩門门鎖锁簾帘紗纱龍龙閥阀噴喷蓋盖馬马個个麼么這这說说時时點点來来見见問问題题讓让"
        + "應应號号訊讯務务卻却們们對对種种樣样實实際际沒没無无試试測测補补丟丢遺遗塊块磚砖釘钉縣县"
        + "將将驗验壓压膠胶條条邊边廚厨衛卫貓猫撥拨鍵键螢萤幕幕資资櫃柜響响嗎吗啦啦嚴严廠厂產产狀状"
        + "況况兒儿鄰邻訂订單单據据數数據据據据漿浆燃燃爆爆電电遙遥控控鈕钮夠够總总認认陽阳臺台"
    /// Traditional scalar → simplified scalar.
    public static let simplified: [Unicode.Scalar: Unicode.Scalar] = {
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        let scalars = Array(pairs.unicodeScalars)
        var index = 0
        while index + 1 < scalars.count {
            if scalars[index] != scalars[index + 1] { table[scalars[index]] = scalars[index + 1] }
            index += 2
        }
        return table
    }()
}
